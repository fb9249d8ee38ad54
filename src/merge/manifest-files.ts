// Finds and reads the audit manifests beside SARIF logs: each ossast log names its manifest in its runs' properties
// ("ossast/manifest", relative to the log's folder). Read bounded, validated against the manifest schema.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { manifestSchema } from '../report/manifest-schema.js';
import { PipelineError } from '../util/errors.js';
import type { ShardManifest } from './join-manifests.js';

const MAX_MANIFEST_BYTES = 256 * 1024 ** 2;
const NAMED = /"ossast\/manifest"\s*:\s*"([^"\\]{1,300})"/;

/** The manifest a log names (its first "ossast/manifest" property), searched in chunks so a large log is never held whole. */
export async function manifestNamedBy(log: string): Promise<string | undefined> {
  let tail = '';
  for await (const chunk of createReadStream(log, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const text = tail + (chunk as string);
    const m = NAMED.exec(text);
    if (m) return m[1];
    tail = text.slice(-400);
  }
  return undefined;
}

/** The manifests beside the logs, as each log names it; logs from other tools name none. A named manifest must exist. */
export async function discoverManifests(logs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const log of logs) {
    const name = await manifestNamedBy(log);
    if (name === undefined) continue;
    if (isAbsolute(name) || name.split(/[\\/]/).includes('..')) throw new PipelineError(`${log} names its manifest "${name}", which is not a file name beside it; the log was not made by ossast or was altered`, 'pass the shard manifests with --manifest FILE');
    const path = resolve(dirname(log), name);
    if (!(await stat(path).then((s) => s.isFile(), () => false))) {
      throw new PipelineError(`${log} names its audit manifest ${name}, but ${path} does not exist: without it the shards cannot be checked`, 'keep manifest.json beside results.sarif in each shard\'s artifact, or pass each with --manifest FILE');
    }
    found.push(path);
  }
  return found;
}

export async function readManifest(path: string, shown: string): Promise<ShardManifest> {
  const size = await stat(path).then((s) => s.size, (err: unknown) => {
    throw new PipelineError(`cannot read the manifest ${shown}: ${err instanceof Error ? err.message : String(err)}`, 'check the path');
  });
  if (size > MAX_MANIFEST_BYTES) throw new PipelineError(`the manifest ${shown} is ${size} bytes, more than the ${MAX_MANIFEST_BYTES} an ossast manifest may be`, 'pass the manifest.json ossast wrote beside the log');
  const bytes = await readFile(path);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new PipelineError(`the manifest ${shown} is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'pass the manifest.json ossast wrote beside the log');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new PipelineError(`the manifest ${shown} is not an ossast audit manifest: ${i?.path.join('.') || '(top)'}: ${i?.message ?? 'invalid'}`, 'pass the manifest.json ossast wrote beside the log');
  }
  return { file: shown, sha256: createHash('sha256').update(bytes).digest('hex'), manifest: parsed.data };
}
