// Writing a file so that no half of it is ever seen: streamed under a temporary name that ossast can recognise and
// clean up, then renamed into place; never through a symlink, never over what ossast did not write.
import { createWriteStream, readdirSync, rmSync } from 'node:fs';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { PipelineError, UsageError } from './errors.js';
import { collectGarbage } from './collect-garbage.js';
import { processRunning } from './lock.js';

/** Every temporary file or folder ossast writes next to its outputs starts with this, then the process id and a dash. */
export const TEMP_PREFIX = '.ossast-tmp-';

/** A file's content as it is written: text or bytes, chunk by chunk, so that no content is too big to write. */
export type FileChunks = AsyncIterable<string | Uint8Array>;

/**
 * Bytes a file stream takes before it asks its writer to wait. Node's default (16 KB) is less than one chunk of a big
 * log (64 K characters): each chunk then waited for its own write, and making the next never overlapped writing the last.
 */
const WRITE_BUFFER = 1024 * 1024;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Writes one file (e.g. `gate --output`): streamed to a temporary name in the same folder, renamed when complete. A symlink
 * or anything but a regular file at `path` is refused: ossast never writes through, or replaces, what it did not write.
 * First a full garbage collection when the heap is big (see collectGarbage), unless `collectGarbage` is false: a
 * caller whose heap is the content itself, still live, would pay a walk of all of it to free little.
 */
export async function writeFileAtomic(path: string, chunks: FileChunks, opts: { collectGarbage?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  const st = await lstat(path).catch(() => undefined);
  // (A folder there makes the rename below fail: exit 3, naming the path.)
  if (st && !st.isFile() && !st.isDirectory()) {
    throw new UsageError(
      `refused to write ${path}: it is ${st.isSymbolicLink() ? 'a symlink' : 'not a regular file'}, which ossast neither writes through nor replaces; nothing was changed`,
      'choose an output path that is a regular file or does not exist yet, or remove the link yourself',
    );
  }
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(path)}`);
  if (opts.collectGarbage !== false) collectGarbage();
  try {
    await writeNewFile(temp, chunks, path, 'check that the folder is writable and the disk is not full; an earlier file at that path was left as it was');
    await rename(temp, path).catch((err: unknown) => {
      throw new PipelineError(`cannot write ${path}: ${message(err)}`, 'choose an --output path that is not a folder, in a folder you can write to');
    });
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Streams chunks to a new file (never through an existing one: opened with O_EXCL), with backpressure, creating its
 * folder. A failure names `shown` (the file's final path) with `hint`; `signal` aborting it throws its reason.
 */
export async function writeNewFile(path: string, chunks: FileChunks, shown: string, hint: string, signal?: AbortSignal): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await pipeline(Readable.from(chunks), createWriteStream(path, { flags: 'wx', highWaterMark: WRITE_BUFFER }), signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw new PipelineError(`cannot write ${shown}: ${message(err)}`, hint, err);
  }
}

/**
 * Removes the temporary files and folders ossast left in `dir` (synchronous, so a signal handler can call it).
 * `pid`: only those of that process; `staleOnly`: only those of processes no longer running.
 */
export function removeTemporaries(dir: string, opts: { pid?: number; staleOnly?: boolean } = {}): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(name.slice(TEMP_PREFIX.length).split('-')[0]);
    if (opts.pid !== undefined && pid !== opts.pid) continue;
    if (opts.staleOnly && (pid === process.pid || processRunning(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}
