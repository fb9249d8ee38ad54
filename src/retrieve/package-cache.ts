// LifeTime packages kept in the result cache: when every module of a target has the version keys it had when its
// package was fetched, the package is taken from the cache and LifeTime is not asked to package anything.
import { lstat, rm } from 'node:fs/promises';
import { copyRegularFile } from '../util/read-file.js';
import type { CacheStore } from '../cache/store.js';
import { CACHE_VERSION } from '../cache/store.js';
import * as z from 'zod';
import { envelope } from '../cache/envelope.js';
import { sha256File, sha256Of } from '../util/hash.js';
import type { LtModule } from './schemas.js';
import type { Downloaded } from './download.js';
import { packageFile, type PackageRequest } from './flow.js';

/** A LifeTime package kept in the cache (its ZIP beside the entry), keyed by the module versions LifeTime reported. */
export const packageEntrySchema = z
  .object({
    ...envelope('package'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(0),
    packageKey: z.string().min(1).max(200),
  })
  .strict();

export type PackageEntry = z.infer<typeof packageEntrySchema>;

/** A package request: its kind, environment, key and name. */
export type VersionedJob = PackageRequest;

/**
 * The cache key of a target's package: LifeTime's URL, the environment, the target, and the version key
 * (ModuleVersionKey) LifeTime reports for each of its modules in that environment. Undefined when LifeTime reports
 * no version for some module, or no module at all: then the package is always fetched.
 */
export function packageCacheKey(url: string, job: VersionedJob, modules: readonly LtModule[]): string | undefined {
  const versions: string[] = [];
  for (const m of modules) {
    for (const s of m.ModuleStatusInEnv) {
      if (s.EnvironmentKey !== job.envKey) continue;
      const mine = job.kind === 'applications' ? s.ApplicationKey === job.key : m.Key === job.key;
      if (!mine) continue;
      if (!s.ModuleVersionKey) return undefined;
      versions.push(`${m.Key}=${s.ModuleVersionKey}`);
    }
  }
  if (versions.length === 0) return undefined;
  return sha256Of(JSON.stringify({ ossastCache: CACHE_VERSION, kind: 'lifetime-package', url, env: job.envKey, target: `${job.kind}/${job.key}`, versions: versions.sort() }));
}

/** The cached package for `key`, copied into `dir` under the name its download had and its SHA-256 checked; undefined
 *  (with a warning) when it is not there intact. */
export async function cachedPackage(store: CacheStore, key: string, dir: string, job: VersionedJob): Promise<(Downloaded & { packageKey: string }) | undefined> {
  const entry = await store.get('package', key, packageEntrySchema);
  if (!entry) return undefined;
  const file = packageFile(dir, job, entry.packageKey);
  const blob = store.blobPath('package', key, 'zip');
  const info = await lstat(blob).catch(() => undefined);
  if (!info?.isFile() || info.size !== entry.bytes) {
    store.ignored('package', key, `its package ${blob} is ${info ? (info.isFile() ? `${info.size} bytes, not ${entry.bytes}` : 'not a regular file') : 'missing'}; the package is fetched from LifeTime`);
    return undefined;
  }
  // Through the one file reader: the blob may have been swapped for a FIFO or a link since lstat.
  try {
    await copyRegularFile(blob, file, { maxBytes: entry.bytes, noFollow: true });
  } catch (err) {
    await rm(file, { force: true });
    store.ignored('package', key, `its package ${err instanceof Error ? err.message : String(err)}; the package is fetched from LifeTime`);
    return undefined;
  }
  const sha256 = await sha256File(file);
  if (sha256 !== entry.sha256) {
    await rm(file, { force: true });
    store.ignored('package', key, `its package ${blob} does not have the SHA-256 the entry records; the package is fetched from LifeTime`);
    return undefined;
  }
  return { path: file, sha256, bytes: entry.bytes, packageKey: entry.packageKey };
}

/** Keeps a downloaded package under `key` (its ZIP first, then the entry naming it). */
export async function keepPackage(store: CacheStore, key: string, got: Downloaded & { packageKey: string }): Promise<void> {
  await store.putBlob('package', key, 'zip', got.path);
  await store.put({ ossastCache: CACHE_VERSION, kind: 'package', key, sha256: got.sha256, bytes: got.bytes, packageKey: got.packageKey });
}
