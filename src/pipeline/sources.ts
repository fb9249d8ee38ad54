// Stage glue for inputs: LifeTime packages and local paths → extracted targets, with one record per target.
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import type { SourceInput, SourceTarget } from '../model/targets.js';
import type { TargetRecord } from '../model/run-record.js';
import { extractSources, FolderNames } from '../extract/index.js';
import type { PlanTarget, ShardRecord, ShardSpec } from '../model/shard.js';
import { shardInputs, shardPart } from '../shard/shard-part.js';
import type { RunCache } from '../cache/store.js';
import { describeError, ConfigError, throwIfInterrupted } from '../util/errors.js';

import type { SourcesOutcome } from '../model/targets.js';

/**
 * `keep`: the LifeTime targets to fetch (one shard's part); every target the config names when absent. `runCache`: the
 * run's cache, with which LifeTime targets whose modules' versions did not change are not packaged again.
 */
export async function gatherSources(
  config: Config,
  dirs: { src: string; downloads: string },
  env: NodeJS.ProcessEnv,
  log: Logger,
  configFile: string,
  signal?: AbortSignal,
  keep?: (target: PlanTarget) => boolean,
  runCache?: RunCache,
): Promise<SourcesOutcome> {
  const records: TargetRecord[] = [];
  // --name (application:) names the application of local inputs; LifeTime packages carry their own application name.
  const inputs: { input: SourceInput; record?: TargetRecord }[] = config.sources.map((path) => ({ input: { path, ...(config.application ? { application: config.application } : {}) } }));

  let lifetime: SourcesOutcome['lifetime'];
  if (config.lifetime) {
    // The LifeTime client loads only for a run that has LifeTime targets: a scan of local packages does without it.
    const { retrieveAll, resolveToken } = await import('../retrieve/index.js');
    const token = resolveToken(config.lifetime, env, configFile);
    try {
      // With a cache, targets whose modules' versions did not change are not packaged again.
      const cache = await runCache?.();
      const got = await retrieveAll(config.lifetime, { token, env, downloadDir: dirs.downloads, log, ...(signal ? { signal } : {}), ...(cache ? { cache } : {}), ...(keep ? { keep } : {}) });
      records.push(...got.failures);
      lifetime = { provenance: got.provenance, listings: got.listings };
      for (const p of got.packages) {
        inputs.push({
          input: {
            path: p.zipPath,
            ...(p.application ? { application: p.application } : {}),
            ...(p.module && p.kind === 'module' ? { module: p.module } : {}),
            origin: { kind: 'lifetime', path: p.zipPath, sha256: p.sha256, bytes: p.bytes },
          },
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
  return { sourceRoot: dirs.src, targets, records, ...(lifetime ? { lifetime } : {}) };
}

/** A target's source evidence: the module's own hash and size, the package's beside them when the module came from inside one. */
export function sourceOf(origin: SourceTarget['origin'], extracted?: SourceTarget['extracted']): TargetRecord['source'] {
  const own = origin.archive;
  return {
    ...(extracted?.listingSha256 ? { listingSha256: extracted.listingSha256 } : {}),
    kind: origin.kind,
    path: origin.path,
    ...(own ? { sha256: own.sha256, bytes: own.bytes, archive: own.name } : { ...(origin.sha256 ? { sha256: origin.sha256 } : {}), ...(origin.bytes !== undefined ? { bytes: origin.bytes } : {}) }),
    ...(own && (origin.sha256 || origin.bytes !== undefined) ? { package: { ...(origin.sha256 ? { sha256: origin.sha256 } : {}), ...(origin.bytes !== undefined ? { bytes: origin.bytes } : {}) } } : {}),
  };
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

/** Gathers one shard's sources (LifeTime part narrowed before retrieval, local part after extraction) and its record. */
export async function gatherShard(
  config: Config,
  shard: ShardSpec,
  dirs: { src: string; downloads: string },
  env: NodeJS.ProcessEnv,
  log: Logger,
  configFile: string,
  signal?: AbortSignal,
  runCache?: RunCache,
): Promise<{ sources: SourcesOutcome; record: ShardRecord }> {
  const inputs = await shardInputs(config, shard, env, log, configFile, signal);
  // A shard none of whose plan's LifeTime targets is its own, and with no local sources, has nothing to scan and says
  // so in its manifest; a plan with no target at all is refused as an unsharded run is (nothing to scan, exit 2).
  const empty = !inputs.config.lifetime && inputs.config.sources.length === 0 && inputs.lifetime.length > 0;
  const gathered = empty ? { sourceRoot: dirs.src, targets: [], records: [] } : await gatherSources(inputs.config, dirs, env, log, configFile, signal, inputs.keep, runCache);
  return shardPart(gathered, inputs.lifetime, shard);
}
