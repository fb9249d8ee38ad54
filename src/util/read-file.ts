// The one way ossast opens a file it reads: a regular file, opened without blocking, never read past a byte limit.
import { closeSync, constants, createWriteStream, fstatSync, openSync, readSync, statSync, lstatSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Why a file was not read. `what` is the caller's name for it ("config file", "baseline"); the message names the path
 * and what was found there, so every caller can show it as it is.
 */
export type FileRefusal = 'missing' | 'not-a-file' | 'too-large' | 'unreadable';

export class FileRefused extends Error {
  /** The errno code of the failed open, when there was one ("ENOENT"...). */
  readonly code: string | undefined;
  /** For 'not-a-file': what is there ("a FIFO (named pipe)", "a folder"...). */
  found: string | undefined;
  constructor(
    readonly path: string,
    readonly why: FileRefusal,
    message: string,
    /** For 'too-large': the file's stated size (undefined when the read went past the limit of a file that stated less). */
    readonly bytes?: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  }
}

export interface ReadLimits {
  /** Reading stops and refuses once more than this many bytes come (a FIFO, a device, a growing or /proc file report no true size). */
  maxBytes: number;
  /** Refuse a symbolic link instead of following it (O_NOFOLLOW). */
  noFollow?: boolean;
}

// O_NONBLOCK: opening a FIFO with no writer returns at once (it would otherwise block a thread, and the run, for ever);
// the descriptor is then checked with fstat, so a FIFO is refused before anything is read from it. On a regular file
// the flag changes nothing.
const flags = (noFollow: boolean | undefined) => constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);

/** "a FIFO (named pipe)", "a folder"...: what a path is, for messages. */
export function kindOfStats(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFile()) return 'a regular file';
  return 'of an unknown type';
}

const mib = (n: number) => (n >= 1024 ** 2 ? `${Number((n / 1024 ** 2).toFixed(1))} MiB` : `${n} bytes`);

export const tooLargeMessage = (path: string, maxBytes: number, bytes: number, known: boolean) => `${path} is ${known ? mib(bytes) : `over ${mib(maxBytes)} (reading stopped there)`}, over the ${mib(maxBytes)} limit: it was not read`;

function openFailure(path: string, err: unknown, noFollow: boolean | undefined): FileRefused {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileRefused(path, 'missing', `${path} does not exist`, undefined, err);
  if (code === 'ELOOP' && noFollow) {
    const refused = new FileRefused(path, 'not-a-file', `${path} is a symbolic link, which is not followed: it was not read`, undefined, err);
    refused.found = 'a symbolic link';
    return refused;
  }
  // A socket cannot be opened (ENXIO): say what is there rather than the errno.
  let st: Stats | undefined;
  try {
    st = noFollow ? lstatSync(path) : statSync(path);
  } catch {
    st = undefined;
  }
  if (st && !st.isFile()) return notAFile(path, st);
  return new FileRefused(path, 'unreadable', `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
}

function notAFile(path: string, st: Stats): FileRefused {
  const refused = new FileRefused(path, 'not-a-file', `${path} is ${kindOfStats(st)}, not a regular file: it was not read`);
  refused.found = kindOfStats(st);
  return refused;
}

function checkOpened(path: string, st: Stats, limits: ReadLimits): void {
  if (!st.isFile()) throw notAFile(path, st);
  if (st.size > limits.maxBytes) throw new FileRefused(path, 'too-large', tooLargeMessage(path, limits.maxBytes, st.size, true), st.size);
}

/** An open regular file: the handle and its fstat. The caller closes it. */
export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
}

/** Opens `path` for reading: refuses (FileRefused) anything but a regular file, and a file whose size is over the limit. */
export async function openRegularFile(path: string, limits: ReadLimits): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags(limits.noFollow));
  } catch (err) {
    throw openFailure(path, err, limits.noFollow);
  }
  try {
    const stats = await handle.stat();
    checkOpened(path, stats, limits);
    return { handle, stats };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** openRegularFile, synchronous: the descriptor. The caller closes it. */
export function openRegularFileSync(path: string, limits: ReadLimits): { fd: number; stats: Stats } {
  let fd: number;
  try {
    fd = openSync(path, flags(limits.noFollow));
  } catch (err) {
    throw openFailure(path, err, limits.noFollow);
  }
  try {
    const stats = fstatSync(fd);
    checkOpened(path, stats, limits);
    return { fd, stats };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

const CHUNK = 1024 * 1024;

/** One read the bounded reader asks for: into `buf` from `offset`, at file position `position`. */
interface ReadStep {
  buf: Buffer;
  offset: number;
  position: number;
}

/**
 * The reading plan of both readers below, without I/O: it yields each read to make and is handed back how many bytes
 * came. The stated size first (one read for an ordinary file), then whatever more comes, a chunk at a time; at most
 * maxBytes + 1 bytes whatever the size claims, and FileRefused past maxBytes.
 */
function* boundedReads(path: string, size: number, maxBytes: number): Generator<ReadStep, Buffer, number> {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(size, maxBytes) + 1;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(want, maxBytes + 1 - total)));
    let filled = 0;
    while (filled < buf.length) {
      const n = yield { buf, offset: filled, position: total + filled };
      if (n === 0) break;
      filled += n;
    }
    chunks.push(buf.subarray(0, filled));
    total += filled;
    if (total > maxBytes) throw new FileRefused(path, 'too-large', tooLargeMessage(path, maxBytes, total, false));
    if (filled < buf.length) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    want = CHUNK;
  }
}

/** Reads an open file from its start, at most maxBytes + 1 bytes whatever its size claims; refuses more. */
export async function readOpened(path: string, handle: FileHandle, size: number, maxBytes: number): Promise<Buffer> {
  const plan = boundedReads(path, size, maxBytes);
  for (let step = plan.next(); ; ) {
    if (step.done) return step.value;
    const { buf, offset, position } = step.value;
    step = plan.next((await handle.read(buf, offset, buf.length - offset, position)).bytesRead);
  }
}

function readOpenedSync(path: string, fd: number, size: number, maxBytes: number): Buffer {
  const plan = boundedReads(path, size, maxBytes);
  for (let step = plan.next(); ; ) {
    if (step.done) return step.value;
    const { buf, offset, position } = step.value;
    step = plan.next(readSync(fd, buf, offset, buf.length - offset, position));
  }
}

/** The bytes of a regular file of at most maxBytes (FileRefused otherwise: missing, not a regular file, too large, unreadable). */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const { handle, stats } = await openRegularFile(path, limits);
  try {
    return await readOpened(path, handle, stats.size, limits.maxBytes);
  } catch (err) {
    throw err instanceof FileRefused ? err : new FileRefused(path, 'unreadable', `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
  } finally {
    await handle.close();
  }
}

/** readRegularFile, synchronous. */
export function readRegularFileSync(path: string, limits: ReadLimits): Buffer {
  const { fd, stats } = openRegularFileSync(path, limits);
  try {
    return readOpenedSync(path, fd, stats.size, limits.maxBytes);
  } catch (err) {
    throw err instanceof FileRefused ? err : new FileRefused(path, 'unreadable', `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
  } finally {
    closeSync(fd);
  }
}

/** Reads an open regular file's bytes from `start` (default 0) as a stream that fails once more than maxBytes have come. */
export function streamOpened(path: string, handle: FileHandle, maxBytes: number, opts: { start?: number; highWaterMark?: number } = {}): Readable {
  const size = opts.highWaterMark ?? CHUNK;
  async function* chunks(): AsyncGenerator<Buffer> {
    let at = opts.start ?? 0;
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(buf, 0, size, at);
      if (bytesRead === 0) return;
      at += bytesRead;
      total += bytesRead;
      if (total > maxBytes) throw new FileRefused(path, 'too-large', tooLargeMessage(path, maxBytes, total, false));
      yield buf.subarray(0, bytesRead);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Copies a regular file of at most maxBytes to `to` (created, never overwritten), streamed from the checked descriptor. */
export async function copyRegularFile(from: string, to: string, limits: ReadLimits): Promise<void> {
  const { handle } = await openRegularFile(from, limits);
  try {
    await pipeline(streamOpened(from, handle, limits.maxBytes), createWriteStream(to, { flags: 'wx' }));
  } finally {
    await handle.close();
  }
}
