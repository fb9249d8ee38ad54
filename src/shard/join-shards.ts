// `ossast merge` given shard logs: before anything is merged, their manifests are found, authenticated and checked to
// be exactly 1..N of one plan and run, each log the one its manifest records; what the join adds to the merge follows.
import { dirname, resolve } from 'node:path';
import type { Logger } from '../util/log.js';
import { PipelineError, UsageError } from '../util/errors.js';
import { MANIFEST_FILE } from '../report/manifest.js';
import { discoverManifests, readManifest } from './read-manifests.js';
import { checkShards } from './join-manifests.js';
import { checkLogs, checkRun, checkSeals, joinedAuthentication } from './join-auth.js';
import { prepareJoin, type PreparedJoin } from './join-outputs.js';
import { resolveShardKey, SHARD_KEY_ENV, unkeyedShardWarning } from './seal.js';

export interface ShardJoinInput {
  /** The logs to merge (absolute paths). */
  logs: string[];
  /** The manifests given (--manifest, absolute paths); none: each log's own, as it names it. */
  manifests: string[];
  /** The merged log (absolute): the joined manifest goes beside it. */
  output: string;
  /** The output as the user gave it (--output), for messages. */
  outputFlag: string;
  env: NodeJS.ProcessEnv;
  log: Pick<Logger, 'warn'>;
  /** A path as the user would write it, for messages. */
  shown: (path: string) => string;
}

/**
 * The join when the logs are shards' (undefined when none is), checked before the merge reads them. With the shard
 * key (OSSAST_SHARD_KEY), only authentic shards are joined, and logs that are no shard's are refused.
 */
export async function prepareShardJoin(input: ShardJoinInput): Promise<PreparedJoin | undefined> {
  const { logs, shown } = input;
  const key = resolveShardKey(input.env);
  const named = input.manifests.length ? [] : await discoverManifests(logs);
  const manifestPaths = input.manifests.length ? input.manifests : named.map((n) => n.manifest);
  const shards = await Promise.all(manifestPaths.map((m) => readManifest(m, shown(m), key)));
  if (key !== undefined && !shards.some((s) => s.manifest.shard)) {
    throw new PipelineError(
      `${SHARD_KEY_ENV} is set, so ossast merge joins authenticated shards only, but ${shards.length ? "no manifest given is a shard's" : 'no log given names a shard manifest'}`,
      `pass every shard's results.sarif (with its manifest.json beside it), or unset ${SHARD_KEY_ENV} to merge logs that are not shards`,
    );
  }
  if (!shards.some((s) => s.manifest.shard)) return undefined;
  const shardsOnly = shards.filter((s) => s.manifest.shard);
  checkSeals(shardsOnly, key);
  checkShards(shards);
  const target = resolve(dirname(input.output), MANIFEST_FILE);
  if (manifestPaths.includes(target))
    throw new UsageError(`--output ${input.outputFlag}: the joined manifest would overwrite the shard manifest ${shown(target)}`, 'write the merged log into a folder of its own (e.g. --output ossast-out/results.sarif)');
  const run = checkRun(shards, input.env);
  const beside = new Map(named.map((n) => [n.log, n.manifest]));
  await checkLogs(
    shards,
    logs.map((path) => ({ path, shown: shown(path), manifest: beside.get(path) })),
  );
  if (key === undefined) input.log.warn(unkeyedShardWarning('join'));
  return prepareJoin(shards, new Date(), input.log, joinedAuthentication(key, run));
}
