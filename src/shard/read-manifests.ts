// Finds and reads the audit manifests beside SARIF logs: each ossast log names its manifest in its runs' properties
// ("ossast/manifest", relative to the log's folder). Read bounded, validated against the manifest schema.
import { stat } from 'node:fs/promises';
import { FileRefused, openRegularFile, readRegularFile, streamOpened } from '../util/read-file.js';
import { MAX_SARIF_BYTES } from '../merge/read-sarif.js';
import { checkJsonDepth } from '../util/json-depth.js';
import { sha256Hex } from '../util/hash.js';
import type { z } from 'zod';
import { dirname, isAbsolute, resolve } from 'node:path';
import { manifestSchema } from '../model/manifest.js';
import { exposureReportSchema, type ExposureReport } from '../model/exposure.js';
import { PipelineError } from '../util/errors.js';
import type { ShardManifest } from './join-manifests.js';
import { openSealed, SHARD_KEY_ENV, type SealState } from './seal.js';

const MAX_MANIFEST_BYTES = 256 * 1024 ** 2;
const NAMED = /"ossast\/manifest"\s*:\s*"([^"\\]{1,300})"/;

/** The manifest a log names (its first "ossast/manifest" property), searched in chunks so a large log is never held whole. */
export async function manifestNamedBy(log: string): Promise<string | undefined> {
  // Bytes are searched for the key (no decoding of the whole log: a tool's log of 100 MB names no manifest at all);
  // only the bytes after a hit are decoded and read as JSON text.
  const key = Buffer.from('"ossast/manifest"');
  const WINDOW = 2048;
  let tail: Buffer = Buffer.alloc(0);
  const { handle } = await openRegularFile(log, { maxBytes: MAX_SARIF_BYTES });
  try {
    for await (const chunk of streamOpened(log, handle, MAX_SARIF_BYTES)) {
      const bytes = tail.length ? Buffer.concat([tail, chunk as Buffer]) : (chunk as Buffer);
      // A hit whose value may run past these bytes is looked at again with the next chunk (it stays in the tail).
      for (let at = bytes.indexOf(key); at !== -1 && at + WINDOW <= bytes.length; at = bytes.indexOf(key, at + 1)) {
        const m = NAMED.exec(bytes.subarray(at, at + WINDOW).toString('utf8'));
        if (m?.index === 0) return m[1];
      }
      tail = bytes.subarray(Math.max(0, bytes.length - WINDOW - key.length));
    }
  } finally {
    await handle.close();
  }
  for (let at = tail.indexOf(key); at !== -1; at = tail.indexOf(key, at + 1)) {
    const m = NAMED.exec(tail.subarray(at).toString('utf8'));
    if (m?.index === 0) return m[1];
  }
  return undefined;
}

/** The manifests beside the logs, as each log names it; logs from other tools name none. A named manifest must exist. */
export async function discoverManifests(logs: string[]): Promise<{ log: string; manifest: string }[]> {
  const found: { log: string; manifest: string }[] = [];
  for (const log of logs) {
    const name = await manifestNamedBy(log);
    if (name === undefined) continue;
    if (isAbsolute(name) || name.split(/[\\/]/).includes('..'))
      throw new PipelineError(`${log} names its manifest "${name}", which is not a file name beside it; the log was not made by ossast or was altered`, 'pass the shard manifests with --manifest FILE');
    const path = resolve(dirname(log), name);
    if (
      !(await stat(path).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      throw new PipelineError(
        `${log} names its audit manifest ${name}, but ${path} does not exist: without it the shards cannot be checked`,
        "keep manifest.json beside results.sarif in each shard's artifact, or pass each with --manifest FILE",
      );
    }
    found.push({ log, manifest: path });
  }
  return found;
}

/**
 * A bounded JSON file validated by `schema`, and the SHA-256 of its bytes; each refusal names the file and what it
 * should be. `check` sees the bytes (and their SHA-256) before they are parsed, and may refuse them.
 */
async function readJson<T>(path: string, what: string, schema: z.ZodType<T>, max: number, hint: string, check?: (bytes: Buffer, sha256: string) => void): Promise<{ data: T; sha256: string; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: max });
  } catch (err) {
    if (err instanceof FileRefused && err.why === 'too-large') throw new PipelineError(`${what} is ${err.bytes ?? `over ${max}`} bytes, more than the ${max} ossast reads`, hint);
    if (err instanceof FileRefused && err.why === 'not-a-file') throw new PipelineError(`cannot read ${what}: it is ${err.found ?? 'not a regular file'}, not a file`, hint);
    throw new PipelineError(`cannot read ${what}: it is not there or not a file`, hint);
  }
  const sha256 = sha256Hex(bytes);
  check?.(bytes, sha256);
  checkJsonDepth(bytes, what, (m) => new PipelineError(m, hint));
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new PipelineError(`${what} is not JSON: ${err instanceof Error ? err.message : String(err)}`, hint);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new PipelineError(`${what} is not what ossast writes: ${i?.path.join('.') || '(top)'}: ${i?.message ?? 'invalid'}`, hint);
  }
  return { data: parsed.data, sha256, bytes };
}

/**
 * A manifest, its authentication code checked before it is parsed: with the shard key (`key`), a code that does not
 * match refuses it at once (exit 3); whether it has one at all is judged by the join (checkSeals), since only a
 * shard's manifest must.
 */
export async function readManifest(path: string, shown: string, key?: string): Promise<ShardManifest> {
  const seen: { seal: Exclude<SealState, 'mismatch'> } = { seal: 'none' };
  const { data, sha256 } = await readJson(path, `the manifest ${shown}`, manifestSchema, MAX_MANIFEST_BYTES, 'pass the manifest.json ossast wrote beside the log', (bytes) => {
    const seal = openSealed(bytes, key);
    if (seal === 'mismatch') {
      throw new PipelineError(
        `the manifest ${shown} is not authentic: its authentication code (authentication.mac) does not match under the shard key in ${SHARD_KEY_ENV}, so it was changed after its shard wrote it, or written with another key`,
        `join only the artifacts the shard jobs wrote; if they are, set ${SHARD_KEY_ENV} to the same secret in every shard job and in this one, and run the shards again`,
      );
    }
    seen.seal = seal;
  });
  return { file: shown, path, sha256, manifest: data, seal: seen.seal };
}

const MAX_EXPOSURE_BYTES = 64 * 1024 ** 2;

/** A shard's exposure inventory, as its manifest names it: beside the manifest, with the SHA-256 the manifest records. */
export async function readShardExposure(shard: ShardManifest): Promise<ExposureReport | undefined> {
  const record = shard.manifest.exposure;
  if (!record) return undefined;
  const hint = "keep exposure.json beside manifest.json, unchanged, in each shard's artifact";
  if (isAbsolute(record.file) || record.file.split(/[\\/]/).includes('..')) throw new PipelineError(`the manifest ${shard.file} names its exposure inventory "${record.file}", which is not a file beside it`, hint);
  const path = resolve(dirname(shard.path), record.file);
  const { data } = await readJson(path, `the exposure inventory ${path} (named by ${shard.file})`, exposureReportSchema, MAX_EXPOSURE_BYTES, hint, (_bytes, sha256) => {
    if (sha256 !== record.sha256) throw new PipelineError(`the exposure inventory ${path} has SHA-256 ${sha256}, but the manifest ${shard.file} records ${record.sha256}: it was changed or belongs to another run`, hint);
  });
  return data;
}
