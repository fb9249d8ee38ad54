// Before shards are joined: each shard manifest is authentic (its HMAC under the shard key), the shards ran in one CI
// run (the join's own when it knows it), and every log merged is, byte for byte, the log a shard manifest records.
import type { ShardAuthentication } from '../model/manifest.js';
import { PipelineError } from '../util/errors.js';
import { sha256File } from '../util/hash.js';
import type { ShardManifest } from './join-manifests.js';
import { runIdentity, SHARD_KEY_ENV } from './seal.js';

const AGAIN = `join only the artifacts the shard jobs of one pipeline run wrote, unchanged; run a shard job again if its artifacts were lost or changed`;

/**
 * With the shard key, every shard manifest must carry a verified code (a code that does not match was refused when it
 * was read); without it, the join warns and goes on with what can be checked without a key. Every shard manifest
 * must say how it is authenticated (a shard written by this ossast always does).
 */
export function checkSeals(shards: ShardManifest[], key: string | undefined): void {
  for (const s of shards) {
    if (!s.manifest.authentication) {
      throw new PipelineError(`cannot join: the shard manifest ${s.file} has no authentication record (no SHA-256 of its log): it was written by an older ossast, or the record was removed`, AGAIN);
    }
    if (key !== undefined && s.seal !== 'verified') {
      throw new PipelineError(
        `cannot join: the shard manifest ${s.file} carries no authentication code (authentication.mac), so it cannot be told from a forged one: its shard ran without ${SHARD_KEY_ENV}, or the code was removed`,
        `set ${SHARD_KEY_ENV} to the same secret in every shard job and in this one, and run the shards again`,
      );
    }
  }
}

/**
 * The shards ran in one CI run, and in the join's when both know theirs: a complete set of artifacts from an older
 * run of the same plan (valid codes, same key) is refused.
 */
export function checkRun(shards: ShardManifest[], env: NodeJS.ProcessEnv): string | undefined {
  const runOf = (s: ShardManifest) => s.manifest.authentication?.run;
  const first = runOf(shards[0]!);
  const odd = shards.filter((s) => runOf(s) !== first);
  if (odd.length) {
    throw new PipelineError(`cannot join shards of different CI runs: ${shards[0]!.file} ran in ${first ?? 'no known run'}, ${odd.map((s) => `${s.file} in ${runOf(s) ?? 'no known run'}`).join(', ')}`, AGAIN);
  }
  const here = runIdentity(env);
  if (first !== undefined && here !== undefined && first !== here) {
    throw new PipelineError(
      `cannot join: the shards ran in CI run ${first}, but this join runs in ${here}: their artifacts are from another run`,
      `${AGAIN}; to join in another pipeline on purpose, set OSSAST_RUN_ID to one value in the shard jobs and in this one`,
    );
  }
  return first;
}

/**
 * Every log given is exactly one shard's log, as its manifest records it (SHA-256 of the bytes), and every shard's log
 * is given; a log that names its manifest (found beside it) must be that manifest's own log. Hashed before the merge
 * reads them.
 */
export async function checkLogs(shards: ShardManifest[], logs: { path: string; shown: string; manifest: string | undefined }[]): Promise<void> {
  const recorded = shards.map((s) => {
    const name = s.manifest.results.sarif;
    const sha256 = s.manifest.authentication?.artifacts.find((a) => a.file === name)?.sha256;
    if (!sha256) throw new PipelineError(`cannot join: the shard manifest ${s.file} records no SHA-256 for its log ${name}`, AGAIN);
    return { shard: s, sha256 };
  });
  const unclaimed = new Set(recorded);
  for (const log of logs) {
    const sha256 = await sha256File(log.path).catch((err: unknown) => {
      throw new PipelineError(`cannot read the log ${log.shown}: ${err instanceof Error ? err.message : String(err)}`, AGAIN);
    });
    const own = log.manifest === undefined ? undefined : recorded.find((r) => r.shard.path === log.manifest);
    if (own && own.sha256 !== sha256) {
      throw new PipelineError(
        `cannot join: the log ${log.shown} has SHA-256 ${sha256}, but its manifest ${own.shard.file} records ${own.sha256}: the log was changed after its shard wrote it (results dropped or altered) or belongs to another shard or run`,
        AGAIN,
      );
    }
    const match = own ?? [...unclaimed, ...recorded].find((r) => r.sha256 === sha256);
    if (!match) throw new PipelineError(`cannot join: the log ${log.shown} (SHA-256 ${sha256}) is the log of none of the shard manifests: it was changed after its shard wrote it, or is not a shard's`, AGAIN);
    if (!unclaimed.has(match)) throw new PipelineError(`cannot join: the log of ${match.shard.file} is given twice (again as ${log.shown})`, AGAIN);
    unclaimed.delete(match);
  }
  if (unclaimed.size) {
    throw new PipelineError(
      `cannot join: the log${unclaimed.size > 1 ? 's' : ''} of ${[...unclaimed].map((r) => `shard ${r.shard.manifest.shard?.index}/${r.shard.manifest.shard?.total} (${r.shard.file}, SHA-256 ${r.sha256})`).join(', ')} ${unclaimed.size > 1 ? 'are' : 'is'} not among the logs given`,
      AGAIN,
    );
  }
}

/** What the joined manifest says of the shards' authentication. */
export function joinedAuthentication(key: string | undefined, run: string | undefined): ShardAuthentication {
  return { authenticated: key !== undefined, keyEnv: SHARD_KEY_ENV, ...(run ? { run } : {}), artifacts: [] };
}
