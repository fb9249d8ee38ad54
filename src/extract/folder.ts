// Copies a folder input: every entry is checked (its type, its name against the others, the budget) before the first
// is copied; links are skipped, and a FIFO, socket or device is refused without ever being opened.
import { constants, createWriteStream, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PipelineError } from '../util/errors.js';
import { sha256Hasher } from '../util/hash.js';
import { type Budget, RefusedEntry, type Chain } from './guard.js';
import { EntryNames } from './collisions.js';

/** Files copied at once. */
const PARALLEL = 8;

/** What a file system entry is, for messages: "a FIFO (named pipe)", "a character device"... */
export function kindOf(st: Stats | Dirent): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symlink';
  if (st.isDirectory()) return 'a folder';
  if (st.isFile()) return 'a file';
  return 'of an unknown type';
}

function notAFile(chain: Chain, path: string, kind: string): never {
  throw new RefusedEntry(`refused to copy ${chain.join(' > ')}: ${path} is ${kind}, which a folder of source code never holds (it was not opened)`, 'remove it from the folder, or copy the source files into a clean folder and scan that');
}

export interface FolderOutcome {
  files: number;
  bytes: number;
  warnings: string[];
  /**
   * SHA-256 of the folder's `sha256sum` listing (one "<hash>  <path>" line per file, paths relative to the folder,
   * in byte order), computed from the bytes as they were copied. Reproduce it with:
   * `find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum` (names without \ or line breaks).
   */
  sha256: string;
}

/** The SHA-256 of a `sha256sum` listing of the files (relative path → SHA-256), sorted by the paths' UTF-8 bytes. */
export function listingDigest(hashes: Map<string, string>): string {
  const paths = [...hashes.keys()].map((p) => Buffer.from(p, 'utf8')).sort(Buffer.compare);
  const h = sha256Hasher();
  for (const p of paths) h.update(`${hashes.get(p.toString('utf8'))}  ${p.toString('utf8')}\n`);
  return h.hex();
}

/** Copies `src` into the empty folder `dir`. */
export async function copyFolder(src: string, dir: string, budget: Budget, chain: Chain): Promise<FolderOutcome> {
  const names = new EntryNames(chain, 'folder');
  const dirs: string[] = [];
  const files: string[] = [];
  const outcome: FolderOutcome = { files: 0, bytes: 0, warnings: [], sha256: '' };
  const hashes = new Map<string, string>();
  // Pass 1: look at everything (types come from the directory listing: nothing is opened).
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(src, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const path = join(src, r);
      if (e.isSymbolicLink()) {
        outcome.warnings.push(`${path}: symlink not copied (links are never followed)`);
      } else if (e.isDirectory()) {
        names.dir(r, r);
        dirs.push(r);
        await walk(r);
      } else if (e.isFile()) {
        budget.entry(chain, r);
        names.file(r, r);
        const size = (await lstat(path)).size;
        budget.wrote(chain, r, size);
        outcome.files++;
        outcome.bytes += size;
        files.push(r);
      } else notAFile(chain, path, kindOf(e));
    }
  };
  await walk('');
  // Pass 2: copy. Opened without following links and without blocking, and checked again: the folder may change.
  for (const d of dirs) await mkdir(join(dir, d), { recursive: true });
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const copy = async (rel: string) => {
    const from = join(src, rel);
    const to = join(dir, rel);
    try {
      const fh = await open(from, flags);
      try {
        const st = await fh.stat();
        if (!st.isFile()) notAFile(chain, from, kindOf(st));
        const hash = sha256Hasher();
        const tap = new Transform({
          transform: (chunk: Buffer, _enc, cb) => {
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        await pipeline(fh.createReadStream({ autoClose: false }), tap, createWriteStream(to, { flags: 'wx' }));
        hashes.set(rel, hash.hex());
      } finally {
        await fh.close();
      }
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      throw new PipelineError(
        `cannot copy ${from} to ${to}: ${err instanceof Error ? err.message : String(err)}`,
        'check that the folder did not change while it was copied, that the output folder is writable and the disk is not full',
        err,
      );
    }
  };
  let next = 0;
  let failed = false;
  // Settle every lane before failing: nothing may still be writing when the caller cleans up.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(PARALLEL, files.length) }, async () => {
      while (!failed && next < files.length)
        await copy(files[next++]!).catch((err: unknown) => {
          failed = true;
          throw err;
        });
    }),
  );
  const first = lanes.find((l) => l.status === 'rejected');
  if (first) throw first.reason;
  outcome.sha256 = listingDigest(hashes);
  return outcome;
}
