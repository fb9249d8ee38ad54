// What a shard's run (--shard I/N) does beyond a plain run: checks its key before long work, always writes its
// manifest (ossast merge checks the shards with it), and seals that manifest.
import type { ReportFile } from '../model/report-file.js';
import type { ShardSpec } from '../model/shard.js';
import type { OutputFormat } from '../report/config.js';
import { authenticateShardFiles, resolveShardKey, runIdentity, unkeyedShardWarning } from './seal.js';

/** The shard key (OSSAST_SHARD_KEY): one too short stops the run (exit 2); without one the run warns and goes on. */
export function checkShardKey(env: NodeJS.ProcessEnv, warn: (message: string) => void): string | undefined {
  const key = resolveShardKey(env);
  if (key === undefined) warn(unkeyedShardWarning('shard'));
  return key;
}

/** The formats a shard writes: the run's, and the manifest even when they leave it out (said with `info`). */
export function shardFormats(formats: OutputFormat[], shard: ShardSpec, manifestName: string, info: (message: string) => void): OutputFormat[] {
  if (formats.includes('manifest')) return formats;
  info(`shard ${shard.index}/${shard.total}: writing ${manifestName} too, which ossast merge needs to join the shards`);
  return [...formats, 'manifest'];
}

/** A shard's files with its manifest sealed under `key` (see authenticateShardFiles), naming the CI run it is part of. */
export function sealShardFiles(files: ReportFile[], names: { sarif: string; manifest: string }, key: string | undefined, env: NodeJS.ProcessEnv): ReportFile[] {
  return authenticateShardFiles(files, { manifestName: names.manifest, sarifName: names.sarif, key, run: runIdentity(env) });
}
