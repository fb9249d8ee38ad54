// Stage glue for inputs: LifeTime packages and local paths → extracted targets, with one record per target.
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import type { SourceInput, SourceTarget } from '../extract/types.js';
import { sourceOf, type TargetRecord } from './record.js';
import { extractSources, FolderNames } from '../extract/index.js';
import type { PlanTarget } from '../plan/schema.js';
import { openCacheStore } from '../cache/store.js';
import { describeError, ConfigError, throwIfInterrupted } from '../util/errors.js';

export interface SourcesOutcome {
  sourceRoot: string;
  targets: SourceTarget[];
  records: TargetRecord[];
}

/** `keep`: the LifeTime targets to fetch (one shard's part); every target the config names when absent. */
export async function gatherSources(config: Config, dirs: { src: string; downloads: string }, env: NodeJS.ProcessEnv, log: Logger, configFile: string, signal?: AbortSignal, keep?: (target: PlanTarget) => boolean): Promise<SourcesOutcome> {
  const records: TargetRecord[] = [];
  // --name (application:) names the application of local inputs; LifeTime packages carry their own application name.
  const inputs: { input: SourceInput; record?: TargetRecord }[] = config.sources.map((path) => ({ input: { path, ...(config.application ? { application: config.application } : {}) } }));

  if (config.lifetime) {
    // The LifeTime client loads only for a run that has LifeTime targets: a scan of local packages does without it.
    const { retrieveAll, resolveToken } = await import('../retrieve/index.js');
    const token = resolveToken(config.lifetime, env, configFile);
    try {
      // With a cache, targets whose modules' versions did not change are not packaged again.
      const cache = await openCacheStore(config.cache, env, (m) => log.warn(m));
      const got = await retrieveAll(config.lifetime, { token, env, downloadDir: dirs.downloads, log, ...(signal ? { signal } : {}), ...(cache ? { cache } : {}), ...(keep ? { keep } : {}) });
      records.push(...got.failures);
      for (const p of got.packages) {
        inputs.push({
          input: { path: p.zipPath, ...(p.application ? { application: p.application } : {}), ...(p.module && p.kind === 'module' ? { module: p.module } : {}), origin: { kind: 'lifetime', path: p.zipPath, sha256: p.sha256, bytes: p.bytes } },
          record: p.record,
        });
      }
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throwIfInterrupted(signal);
      // Nothing could be retrieved (e.g. bad token, unknown environment): record it, still report what we have.
      records.push({ id: `lifetime:${config.lifetime.environment}`, source: { kind: 'lifetime', path: config.lifetime.url }, status: 'failed', error: `retrieve: ${describeError(err)}` });
      log.error(describeError(err));
    }
  }
  if (inputs.length === 0 && records.length === 0) {
    throw new ConfigError('nothing to scan: no paths given, no sources: and no lifetime: section in the config', 'pass paths to `ossast scan`, or add sources: or lifetime: to the config');
  }

  const targets: SourceTarget[] = [];
  // One set of folder names for every input: two inputs never share (and overwrite) a folder.
  const names = new FolderNames();
  for (const { input, record } of inputs) {
    throwIfInterrupted(signal);
    const started = Date.now();
    const key = record?.id ?? input.path;
    log.progress(key, 'extracting');
    try {
      const result = await extractSources([input], dirs.src, { limits: limitsOf(config), log, names });
      targets.push(...result.targets);
      for (const t of result.targets) {
        records.push({
          ...(record ?? {}),
          id: t.id,
          ...(t.application ? { application: t.application } : {}),
          module: t.module,
          source: sourceOf(t.origin, t.extracted),
          extraction: { files: t.extracted?.files ?? result.files, bytes: t.extracted?.bytes ?? result.bytes, durationMs: Date.now() - started },
          status: 'ok',
        });
      }
      log.debug(`${key}: extracted ${result.files} file(s), ${result.bytes} byte(s) into ${result.targets.map((t) => t.id).join(', ')} in ${Date.now() - started} ms`);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      log.error(describeError(err));
      records.push({ ...(record ?? { id: input.path, source: { kind: 'path', path: input.path } }), status: 'failed', error: `extract: ${describeError(err)}` });
    } finally {
      log.progress(key, '');
    }
  }
  return { sourceRoot: dirs.src, targets, records };
}

function limitsOf(config: Config) {
  return {
    maxEntries: config.extract.maxEntries,
    maxTotalBytes: config.extract.maxTotalMB * 1024 ** 2,
    maxRatio: config.extract.maxRatio,
    maxDepth: config.extract.maxDepth,
  };
}

export const outputDirs = (out: string) => ({ src: join(out, 'src'), work: join(out, 'work'), downloads: join(out, 'downloads') });
