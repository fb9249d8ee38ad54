// One shard's part of a run: which LifeTime targets it fetches, which extracted local targets it scans, what it records.
import type { Config } from '../config/schema.js';
import type { SourcesOutcome } from '../model/targets.js';
import type { Logger } from '../util/log.js';
import { packagingBudgetError } from './packaging-budget.js';
import { assignShards, packagingShare, planHash, targetKey } from './assign.js';
import { localPlanTargets } from './local-targets.js';
import type { PlanTarget, ShardRecord, ShardSpec } from '../model/shard.js';

export interface ShardInputs {
  /** The config with this shard's share of the packaging budget; without its lifetime: section when no LifeTime target is its. */
  config: Config;
  /** Every LifeTime target of the plan (for the plan's hash). */
  lifetime: PlanTarget[];
  /** Which LifeTime targets this shard fetches. */
  keep: (target: PlanTarget) => boolean;
}

/** The shard's LifeTime part: every target resolved (names to keys, nothing packaged), this shard's kept, the budget split. */
export async function shardInputs(config: Config, shard: ShardSpec, env: NodeJS.ProcessEnv, log: Logger, configFile: string, signal?: AbortSignal): Promise<ShardInputs> {
  if (!config.lifetime) return { config, lifetime: [], keep: () => false };
  const lt = config.lifetime;
  const { resolveLifetimeTargets, resolveToken } = await import('../retrieve/index.js');
  const lifetime = await resolveLifetimeTargets(lt, { token: resolveToken(lt, env, configFile), env, log, ...(signal ? { signal } : {}) });
  const assigned = assignShards(lifetime, shard.total);
  const keep = (t: PlanTarget) => assigned.get(targetKey(t)) === shard.index;
  if (!lifetime.some(keep)) {
    const { lifetime: _none, ...rest } = config;
    return { config: rest, lifetime, keep };
  }
  const budget = lt.maxConcurrentPackaging;
  const share = budget === undefined ? undefined : packagingShare(budget, shard.index, shard.total);
  if (share === 0) throw packagingBudgetError(budget ?? 0, shard.total);
  return { config: share === undefined ? config : { ...config, lifetime: { ...lt, maxConcurrentPackaging: share } }, lifetime, keep };
}

/**
 * Keeps this shard's local targets (every shard extracts every local input, so each knows the whole plan) and their
 * records; LifeTime targets were already narrowed before retrieval. A local input that could not be extracted is
 * reported by shard 1 only, so the joined log names it once.
 */
export async function shardPart(sources: SourcesOutcome, lifetime: PlanTarget[], shard: ShardSpec): Promise<{ sources: SourcesOutcome; record: ShardRecord }> {
  const local = await localPlanTargets(sources.targets);
  const assigned = assignShards(local, shard.total);
  const isLocal = new Set(local.map((t) => t.id));
  const keep = (id: string) => !isLocal.has(id) || assigned.get(targetKey({ kind: 'local', id })) === shard.index;
  const targets = sources.targets.filter((t) => keep(t.id));
  const records = sources.records.filter((r) => (isLocal.has(r.id) ? keep(r.id) : r.status === 'ok' || r.source.kind === 'lifetime' || shard.index === 1));
  const ltAssigned = assignShards(lifetime, shard.total);
  const own = [...lifetime.filter((t) => ltAssigned.get(targetKey(t)) === shard.index), ...local.filter((t) => keep(t.id))];
  return { sources: { ...sources, targets, records }, record: { index: shard.index, total: shard.total, plan: planHash([...lifetime, ...local]), targets: own.map(targetKey).sort() } };
}
