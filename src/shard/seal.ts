// Shard artifacts `ossast merge` can trust: a shard's manifest records the SHA-256 of its log and ends with an
// HMAC-SHA256 of its own bytes under the shard key, so whoever can write a shard job's artifacts without the key
// cannot drop or change a finding, a count or a target unnoticed. The manifest stays plain JSON for auditors.
import { posix } from 'node:path';
import { manifestSchema, type ShardAuthentication } from '../model/manifest.js';
import { contentChunks, contentText, jsonFile } from '../model/report-file.js';
import type { ReportContent, ReportFile } from '../model/report-file.js';
import { macMatches, macOf, resolveKey } from '../util/mac.js';
import { sha256Hasher, sha256Hex } from '../util/hash.js';

/**
 * The environment variable holding the shard key. A fixed name, not a config field: `ossast merge` reads no config,
 * and a name the artifacts (or a config a pull request can change) chose could point at an unset variable, so that
 * the join would run unkeyed. Separate from the cache key: the merge job needs this one only, and a cache other
 * pipelines save never holds shard artifacts.
 */
export const SHARD_KEY_ENV = 'OSSAST_SHARD_KEY';

/** The shard key (exit 2 when set but shorter than 32 characters); undefined when unset. Registered as a secret. */
export function resolveShardKey(env: NodeJS.ProcessEnv): string | undefined {
  return resolveKey(env, SHARD_KEY_ENV, { what: 'shard key', unkeyed: 'run the shards and their join unauthenticated' });
}

/** Every run without a key says so, with what it leaves open. */
export const unkeyedShardWarning = (where: 'shard' | 'join') =>
  where === 'shard'
    ? `shard artifacts are not authenticated, because environment variable ${SHARD_KEY_ENV} is not set: whoever can write this job's artifacts can change its results before ossast merge joins them. Set ${SHARD_KEY_ENV} to a secret of at least 32 characters in every shard job and in the merge job; the manifest records authenticated: false`
    : `the shard artifacts are not authenticated, because environment variable ${SHARD_KEY_ENV} is not set: their logs are checked against the SHA-256 their manifests record, but whoever can write the artifacts can change both. Set ${SHARD_KEY_ENV} (the shard jobs' secret) in this job; the joined manifest records authenticated: false`;

/**
 * The CI run this process belongs to: OSSAST_RUN_ID when set, else the run or pipeline id GitHub Actions
 * (GITHUB_RUN_ID, the same for every job and re-run of a workflow run), GitLab (CI_PIPELINE_ID) or Azure Pipelines
 * (BUILD_BUILDID) sets. Undefined outside CI.
 */
export function runIdentity(env: NodeJS.ProcessEnv): string | undefined {
  const pick = (prefix: string, scope: string | undefined, id: string | undefined) => (id ? `${prefix}:${scope ? `${scope}/` : ''}${id}` : undefined);
  const id = env['OSSAST_RUN_ID']
    ? `ossast:${env['OSSAST_RUN_ID']}`
    : (pick('github', env['GITHUB_REPOSITORY'], env['GITHUB_RUN_ID']) ?? pick('gitlab', env['CI_PROJECT_PATH'], env['CI_PIPELINE_ID']) ?? pick('azure', env['SYSTEM_TEAMPROJECTID'], env['BUILD_BUILDID']));
  // Shown in messages and written to the manifest: printable, bounded.
  return id?.replace(/[^\w.:/@+-]/g, '_').slice(0, 300);
}

const SEAL_HEAD = ',\n    "mac": "';
const SEAL = /,\n {4}"mac": "([0-9a-f]{64})"\n {2}\}\n\}\n$/;
const CLOSE = '\n  }\n}\n';

/** Adds the MAC member to the manifest text (which ends with its authentication object): `text` is what the MAC covers. */
export function sealManifest(text: string, key: string): string {
  if (!text.endsWith(CLOSE)) throw new Error('a shard manifest must end with its authentication object');
  return `${text.slice(0, -CLOSE.length)}${SEAL_HEAD}${macOf(key, text)}"${CLOSE}`;
}

/** What a manifest's bytes say of their MAC: none, one that matches under `key`, one that does not, or one not checked (no key). */
export type SealState = 'none' | 'verified' | 'mismatch' | 'unchecked';

/** Checks the MAC that ends a manifest's bytes, before anything parses them. */
export function openSealed(bytes: Buffer, key: string | undefined): SealState {
  // The seal is in the last bytes; only they are decoded to find it.
  const tail = bytes.subarray(Math.max(0, bytes.length - 256)).toString('latin1');
  const m = SEAL.exec(tail);
  if (!m) return 'none';
  if (key === undefined) return 'unchecked';
  const covered = Buffer.concat([bytes.subarray(0, bytes.length - (tail.length - m.index)), Buffer.from(CLOSE, 'latin1')]);
  return macMatches(key, covered, m[1]!) ? 'verified' : 'mismatch';
}

/** Content that reports its SHA-256 (of the UTF-8 bytes written) to `done` each time it has been read to the end. */
function hashed(content: ReportContent, done: (sha256: string) => void): ReportContent {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    done(sha256Hex(content));
    return content;
  }
  return {
    async *[Symbol.asyncIterator]() {
      const hash = sha256Hasher();
      // contentChunks yields strings here (batches of 64 KiB), which the writer passes on as they are.
      for await (const chunk of contentChunks(content)) {
        hash.update(chunk);
        yield chunk as string;
      }
      done(hash.hex());
    },
  };
}

/**
 * A shard's files with its manifest authenticated: the log's SHA-256 is taken as it is written, then the manifest
 * (moved after it) gets an `authentication` object naming the log with that hash, the run and the key's variable,
 * and, with a key, ends with the MAC of its bytes. Files written to standard output ("-") are not artifacts.
 */
export function authenticateShardFiles(files: ReportFile[], opts: { manifestName: string; sarifName: string; key: string | undefined; run: string | undefined }): ReportFile[] {
  const manifest = files.find((f) => f.name === opts.manifestName);
  if (!manifest) return files;
  const hashes = new Map<string, string>();
  const others = files.filter((f) => f !== manifest).map((f) => (f.name === opts.sarifName && f.name !== '-' ? { ...f, content: hashed(f.content, (sha256) => hashes.set(f.name, sha256)) } : f));
  const base = posix.dirname(opts.manifestName);
  const sealed = {
    async *[Symbol.asyncIterator]() {
      const log = hashes.get(opts.sarifName);
      const authentication: ShardAuthentication = {
        authenticated: opts.key !== undefined,
        keyEnv: SHARD_KEY_ENV,
        ...(opts.run ? { run: opts.run } : {}),
        artifacts: log ? [{ file: posix.relative(base, opts.sarifName), sha256: log }] : [],
      };
      const value = manifestSchema.parse({ ...JSON.parse(await contentText(manifest.content)), authentication });
      const text = await contentText(jsonFile(value, 2));
      yield opts.key === undefined ? text : sealManifest(text, opts.key);
    },
  };
  return [...others, { ...manifest, content: sealed }];
}
