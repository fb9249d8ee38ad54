// Keeps the result cache within cache.maxBytes: after a run, the least recently used entries (with their blobs) go.
import { rmdir, unlink } from 'node:fs/promises';
import { lstatSync, readdirSync, realpathSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';

/** Folders ossast writes in the cache (`<kind>/<2 hex>/`) and the files in them (`<key>.json`, blobs, temporaries). */
const KIND = /^[a-z-]+$/;
const PREFIX = /^[0-9a-f]{2}$/;
const ENTRY_FILE = /^([0-9a-f]{64})\.[a-z0-9]+(?:\.\d+\.[0-9a-f]+\.tmp)?$/;

export interface PruneOptions {
  /** The cache folder (everything removed lies below its real path). */
  dir: string;
  maxBytes: number;
  /** Entries used or written at or after this time (ms) belong to this run and are never removed. */
  usedSince: number;
  warn: (message: string) => void;
}

export interface PruneOutcome {
  /** Bytes of entries in the cache before and after pruning. */
  before: number;
  after: number;
  removed: number;
  removedBytes: number;
}

/** An entry with its blobs (the files sharing its key): removed together; its age is the newest file's. */
interface Group {
  files: string[];
  bytes: number;
  used: number;
}

/**
 * Removes the least recently used entries until the cache holds at most `maxBytes` (a read of an entry touches it, see
 * CacheStore.get). Only files named as ossast names them, in folders as ossast lays them out, are counted or removed;
 * links are never followed nor removed, and anything else is left as it is, each named in a warning.
 */
export async function pruneCache(opts: PruneOptions): Promise<PruneOutcome> {
  const dir = realOrUndefined(opts.dir);
  if (dir === undefined) return { before: 0, after: 0, removed: 0, removedBytes: 0 };
  const groups = scanGroups(dir, opts.warn);
  const before = sum(groups);
  let after = before;
  let removed = 0;
  // Oldest first; a tie broken by path, so that the same cache prunes the same way.
  const oldest = [...groups.values()].sort((a, b) => a.used - b.used || (a.files[0]! < b.files[0]! ? -1 : 1));
  const emptied = new Set<string>();
  for (const g of oldest) {
    if (after <= opts.maxBytes) break;
    if (g.used >= opts.usedSince) break;
    // The folder is checked again right before: one swapped for a link since the walk would lead outside the cache.
    const folder = dirname(g.files[0]!);
    if (realOrUndefined(folder) !== folder) {
      opts.warn(`cache: ${folder} is no longer the folder it was (a link now?); nothing in it removed`);
      continue;
    }
    let gone = 0;
    for (const file of g.files) {
      try {
        await unlink(file);
        gone++;
      } catch (err) {
        opts.warn(`cache: could not remove ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (gone === g.files.length) {
      after -= g.bytes;
      removed++;
      emptied.add(folder);
    }
  }
  for (const folder of emptied) await rmdir(folder).catch(() => undefined);
  if (after > opts.maxBytes) opts.warn(`cache ${opts.dir} holds ${after} bytes, over cache.maxBytes (${opts.maxBytes}): every entry left was used by this run; raise cache.maxBytes to keep them all`);
  return { before, after, removed, removedBytes: before - after };
}

const realOrUndefined = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

const sum = (groups: Map<string, Group>) => [...groups.values()].reduce((n, g) => n + g.bytes, 0);

/**
 * The entries under `dir`, grouped by key, read with lstat (links are reported, never followed). Synchronous calls: a
 * cache holds 100,000s of small files, and nothing else waits meanwhile (as in CacheStore.get).
 */
function scanGroups(dir: string, warn: (message: string) => void): Map<string, Group> {
  const groups = new Map<string, Group>();
  const skip = (path: string, why: string) => warn(`cache: ${path} left as it is (${why})`);
  const list = (folder: string): Dirent[] => {
    try {
      return readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const kind of list(dir)) {
    const kindPath = join(dir, kind.name);
    if (kind.isSymbolicLink()) skip(kindPath, 'a symbolic link');
    if (!kind.isDirectory() || !KIND.test(kind.name)) continue;
    for (const prefix of list(kindPath)) {
      const prefixPath = join(kindPath, prefix.name);
      if (prefix.isSymbolicLink()) skip(prefixPath, 'a symbolic link');
      if (!prefix.isDirectory() || !PREFIX.test(prefix.name)) continue;
      for (const file of list(prefixPath)) {
        const path = join(prefixPath, file.name);
        const key = ENTRY_FILE.exec(file.name)?.[1];
        if (file.isSymbolicLink()) skip(path, 'a symbolic link');
        if (!file.isFile() || !key?.startsWith(prefix.name)) continue;
        const info = lstatSync(path, { throwIfNoEntry: false });
        if (!info?.isFile()) continue;
        const id = `${kind.name}/${key}`;
        const g = groups.get(id) ?? { files: [], bytes: 0, used: 0 };
        g.files.push(path);
        g.bytes += info.size;
        g.used = Math.max(g.used, info.mtimeMs);
        groups.set(id, g);
      }
    }
  }
  return groups;
}
