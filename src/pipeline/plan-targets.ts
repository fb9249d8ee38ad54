// Resolves a config's targets for `ossast plan`: LifeTime names to keys (nothing packaged or downloaded) and local
// sources extracted into a temporary folder (to learn their modules and sizes), which is removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import { gatherSources } from './sources.js';
import { resolveLifetimeTargets, resolveToken } from '../retrieve/index.js';
import { ConfigError, PipelineError } from '../util/errors.js';
import { localPlanTargets } from '../shard/local-targets.js';
import type { PlanTarget } from '../model/shard.js';

export async function resolvePlanTargets(config: Config, env: NodeJS.ProcessEnv, log: Logger, configFile: string, signal?: AbortSignal): Promise<PlanTarget[]> {
  const lt = config.lifetime;
  const lifetime = lt ? await resolveLifetimeTargets(lt, { token: resolveToken(lt, env, configFile), env, log, ...(signal ? { signal } : {}) }) : [];
  if (config.sources.length === 0) {
    if (lifetime.length === 0) throw new ConfigError('nothing to plan: no paths given, no sources: and no lifetime: section in the config', 'pass paths to `ossast plan`, or add sources: or lifetime: to the config');
    return lifetime;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'ossast-plan-'));
  try {
    const { lifetime: _fetchedByShards, ...local } = config;
    const gathered = await gatherSources(local, { src: join(scratch, 'src'), downloads: join(scratch, 'downloads') }, env, log, configFile, signal);
    const failed = gathered.records.filter((r) => r.status === 'failed');
    if (failed.length) throw new PipelineError(`cannot plan: ${failed.map((r) => `${r.id}: ${r.error ?? 'failed'}`).join('; ')}`, 'fix or remove the sources that cannot be extracted, then plan again');
    return [...lifetime, ...(await localPlanTargets(gathered.targets))];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
