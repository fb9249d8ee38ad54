// The result cache on disk: one JSON entry per key, read bounded and validated, written atomically; bad entries ignored.
import { parseJson } from '../util/json-depth.js';
import { copyFile, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { lstatSync, lutimesSync, realpathSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { macMatches, macOf } from '../util/mac.js';
import { FileRefused, readRegularFileSync } from '../util/read-file.js';
import { basename, dirname, join, sep } from 'node:path';
import type { z } from 'zod';
import { pruneCache, type PruneOutcome } from './prune.js';
import { resolveCacheKey, type CacheConfig } from './config.js';

/** Bumped whenever an entry's shape or meaning changes: entries of another version are ignored. */
export const CACHE_VERSION = 1;
/** An entry larger than this is not read (a file with that many results is rescanned instead). */
export const MAX_ENTRY_BYTES = 64 * 1024 ** 2;

/** The first line of an entry written with the cache key: the HMAC-SHA256 (hex) of the JSON that follows it. */
const MAC_PREFIX = 'ossast-hmac-sha256:';
const MAC_LINE_BYTES = MAC_PREFIX.length + 64 + 1;

/** The envelope every entry has: what it is, for which key, written by which cache version. */
interface Envelope {
  ossastCache: number;
  kind: string;
  key: string;
}

export class CacheStore {
  private constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
    private readonly key: string | undefined,
  ) {}

  /**
   * Opens (creating) the cache folder. `warn` receives one line per entry ignored. With `key` (cache.keyEnv), entries
   * are written with an HMAC-SHA256 under it and read only when theirs is valid.
   */
  static async open(dir: string, warn: (message: string) => void, key?: string): Promise<CacheStore> {
    await mkdir(dir, { recursive: true });
    return new CacheStore(await realpath(dir), warn, key);
  }

  /** Whether entries are checked against a key: without one, whoever can write the folder can forge an entry. */
  get authenticated(): boolean {
    return this.key !== undefined;
  }

  /** The entry's JSON bytes, its authentication code checked when the store has a key; a string says why not. */
  private body(bytes: Buffer): Buffer | string {
    const head = bytes.subarray(0, MAC_PREFIX.length).toString('latin1');
    if (head !== MAC_PREFIX) return this.key === undefined ? bytes : 'it carries no authentication code (written without a cache key), so it may be forged';
    const line = bytes.subarray(MAC_PREFIX.length, MAC_LINE_BYTES).toString('latin1');
    if (!/^[0-9a-f]{64}\n$/.test(line)) return 'its authentication line is malformed';
    const json = bytes.subarray(MAC_LINE_BYTES);
    // Without a key the code cannot be checked: the entry is trusted as written, as every entry of an unkeyed cache.
    if (this.key === undefined) return json;
    return macMatches(this.key, json, line.slice(0, 64)) ? json : 'its authentication code does not match (written with another cache key, or changed since), so it may be forged';
  }

  private path(kind: string, key: string): string {
    if (!/^[a-z-]+$/.test(kind) || !/^[0-9a-f]{64}$/.test(key)) throw new Error(`invalid cache key ${kind}/${key}`);
    return join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }

  /**
   * The entry for `key`, or undefined when there is none or it cannot be trusted: a link, not a regular file, outside
   * the cache folder, over MAX_ENTRY_BYTES, not JSON, of another cache version, kind or key, or not of `schema`.
   * Every entry ignored is warned about, named by its path; it is never used, and the next put replaces it.
   */
  async get<T extends Envelope>(kind: string, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    // Synchronous calls: thousands of small entries are read per run, and nothing else waits meanwhile.
    const file = this.path(kind, key);
    const info = lstatOrUndefined(file);
    if (!info) return undefined;
    const ignore = (why: string) => {
      this.warn(`cache entry ${file} ignored: ${why}; it is not used, and is replaced when written again`);
      return undefined;
    };
    if (info.isSymbolicLink()) return ignore('it is a symbolic link');
    if (!info.isFile()) return ignore('it is not a regular file');
    // The entry is no link (checked above), so it lies where its folder really is.
    const real = join(this.realDir(dirname(file)) ?? '', basename(file));
    if (!real.startsWith(this.dir + sep)) return ignore(`it lies outside the cache folder ${this.dir}`);
    if (info.size > MAX_ENTRY_BYTES) return ignore(`it holds ${info.size} bytes, over the ${MAX_ENTRY_BYTES} ossast reads`);
    let json: unknown;
    try {
      // Opened without following a link and without blocking, checked again on the descriptor (the entry may have
      // been swapped for a FIFO or a link since lstat), read no further than MAX_ENTRY_BYTES + 1 bytes.
      const body = this.body(readRegularFileSync(real, { maxBytes: MAX_ENTRY_BYTES, noFollow: true }));
      if (typeof body === 'string') return ignore(body);
      json = parseJson(body.toString('utf8'), `cache entry ${file}`);
    } catch (err) {
      if (err instanceof FileRefused) return ignore(err.message.replace(`${real} is`, 'it is'));
      return ignore(`it is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const head = json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {};
    if (!('ossastCache' in head) || head.ossastCache !== CACHE_VERSION) return ignore(`it was written by another cache version (expected ${CACHE_VERSION})`);
    if (!('kind' in head) || head.kind !== kind || !('key' in head) || head.key !== key) return ignore(`it is not the ${kind} entry for key ${key} (a foreign or moved entry)`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return ignore(`it does not have the expected shape (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`);
    }
    // Used now: the entry (and the blobs beside it) are the last the cache bound removes (see prune.ts).
    touch(real);
    return parsed.data;
  }

  private readonly realDirs = new Map<string, string | undefined>();

  /** A folder's real path (links resolved), once per folder and run. */
  private realDir(dir: string): string | undefined {
    if (!this.realDirs.has(dir)) {
      let real: string | undefined;
      try {
        real = realpathSync(dir);
      } catch {
        real = undefined;
      }
      this.realDirs.set(dir, real);
    }
    return this.realDirs.get(dir);
  }

  /** Where the bytes an entry describes (e.g. a package ZIP) are kept: beside the entry, same key. */
  blobPath(kind: string, key: string, ext: string): string {
    return this.path(kind, key).replace(/\.json$/, `.${ext}`);
  }

  /** Copies `from` to the blob's place atomically (a temporary file, then renamed). */
  async putBlob(kind: string, key: string, ext: string, from: string): Promise<void> {
    const file = this.blobPath(kind, key, ext);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await copyFile(from, tmp);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Warns that an entry was not used, naming it. */
  ignored(kind: string, key: string, why: string): void {
    this.warn(`cache entry ${this.path(kind, key)} ignored: ${why}`);
  }

  /**
   * Keeps the folder within `maxBytes` (cache.maxBytes) by removing the least recently used entries; those this run
   * used or wrote (times from `runStartedAt`, less 2 s for file systems that keep coarse times) are kept.
   */
  async prune(maxBytes: number, runStartedAt: number, info: (message: string) => void): Promise<PruneOutcome> {
    const outcome = await pruneCache({ dir: this.dir, maxBytes, usedSince: runStartedAt - 2000, warn: this.warn });
    const mb = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MB`;
    if (outcome.removed) info(`cache: removed ${outcome.removed} least recently used entr${outcome.removed === 1 ? 'y' : 'ies'} (${mb(outcome.removedBytes)}); it holds ${mb(outcome.after)} of its ${mb(maxBytes)} (cache.maxBytes)`);
    return outcome;
  }

  /** Writes the entry atomically (a temporary file in the same folder, then renamed over the old one). */
  async put<T extends Envelope>(entry: T): Promise<void> {
    const file = this.path(entry.kind, entry.key);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const json = Buffer.from(JSON.stringify(entry), 'utf8');
      await writeFile(tmp, this.key === undefined ? json : Buffer.concat([Buffer.from(`${MAC_PREFIX}${macOf(this.key, json)}\n`, 'latin1'), json]), { flag: 'wx' });
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

/** The run's cache (cache.dir), with the key cache.keyEnv names when it is set; undefined without a cache folder. */
export async function openCacheStore(cfg: CacheConfig, env: NodeJS.ProcessEnv, warn: (message: string) => void): Promise<CacheStore | undefined> {
  return cfg.dir ? CacheStore.open(cfg.dir, warn, resolveCacheKey(cfg, env)) : undefined;
}

/** The run's cache store, opened when first asked for; every later call has the same store (or the same failure). */
export type RunCache = () => Promise<CacheStore | undefined>;

/** One cache store for a whole run: the LifeTime client (unchanged modules) and the scanners share it. */
export function runCache(cfg: CacheConfig, env: NodeJS.ProcessEnv, warn: (message: string) => void): RunCache {
  let opened: Promise<CacheStore | undefined> | undefined;
  return () => (opened ??= openCacheStore(cfg, env, warn));
}

/** Sets a file's times to now, not following a link; a cache on a read-only disk still serves its entries. */
const touch = (file: string): void => {
  const now = new Date();
  try {
    lutimesSync(file, now, now);
  } catch {
    // Not touched: it may be removed before other entries when the cache is over its bound, and is then scanned again.
  }
};

const lstatOrUndefined = (file: string): Stats | undefined => {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
};
