// Extracts one ZIP file with yauzl: every entry is checked by the guard before any is written, then the entries are
// written by worker threads (archive in memory) or streamed (archive too large to hold).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { closeSync } from 'node:fs';
import { openRegularFile, openRegularFileSync } from '../util/read-file.js';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { PipelineError } from '../util/errors.js';
import { type Budget, RefusedEntry, linkStaysInside, refuse, safeEntryPath, type Chain } from './guard.js';
import { EntryNames, entryRel } from './collisions.js';
import { EntryWriteError, type EntryWriters } from './writers.js';
import type { WriteJob } from './write-protocol.js';

export interface ZipOutcome {
  files: string[];
  bytes: number;
  warnings: string[];
}

/** Entries streamed at once when the archive is not held in memory. */
const PARALLEL = 16;
/** Entries up to this size are inflated whole by the writers; larger ones are streamed. */
const WHOLE_ENTRY_MAX = 8 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const entryName = (e: Entry): string => ((e.generalPurposeBitFlag & 0x800) !== 0 ? e.fileNameRaw.toString('utf8') : e.fileNameRaw.toString('latin1'));

/** Archives up to this size are read into memory once (one sequential read instead of two small reads per entry). */
const IN_MEMORY_MAX = 512 * 1024 * 1024;

/** The archive's bytes, in memory worker threads can share, when small enough to hold; else undefined. */
export async function loadArchive(file: string): Promise<Buffer | undefined> {
  // A regular file only, opened without blocking (a FIFO or a device is refused, never read).
  const { handle: fh, stats } = await openRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER });
  try {
    const size = stats.size;
    if (size > IN_MEMORY_MAX) return undefined;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await fh.close();
  }
}

async function openZip(file: string, chain: Chain, buffer?: Buffer): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) => (err || !zip ? reject(corrupt(chain, err)) : resolve(zip));
    if (buffer) return yauzl.fromBuffer(buffer, options, done);
    // Through the one file reader (a regular file, opened without blocking); closing the ZipFile closes the descriptor.
    let fd: number;
    try {
      fd = openRegularFileSync(file, { maxBytes: Number.MAX_SAFE_INTEGER }).fd;
    } catch (err) {
      return reject(corrupt(chain, err));
    }
    yauzl.fromFd(fd, options, (err, zip) => {
      if (err || !zip) closeSync(fd);
      done(err, zip);
    });
  });
}

const corrupt = (chain: Chain, err: unknown) =>
  new PipelineError(
    `cannot read ${chain.join(' > ')}: not a valid ZIP file (${err instanceof Error ? err.message : String(err)})`,
    'the download may be truncated or corrupt: fetch the package again (ossast fetch) and check its SHA-256',
    err,
  );

interface FileEntry {
  entry: Entry;
  name: string;
  target: string;
}

interface Plan {
  dirs: string[];
  files: FileEntry[];
  warnings: string[];
}

/** Extracts `file` into `dir`; resolves with the written files (absolute paths). */
export async function extractZip(file: string, dir: string, budget: Budget, chain: Chain, buffer: Buffer | undefined, writers: EntryWriters): Promise<ZipOutcome> {
  const zip = await openZip(file, chain, buffer);
  try {
    const plan = await planEntries(zip, dir, budget, chain);
    for (const d of plan.dirs) await mkdir(d, { recursive: true });
    const outcome: ZipOutcome = { files: plan.files.map((f) => f.target), bytes: 0, warnings: plan.warnings };
    const whole: WriteJob[] = [];
    const streamed: FileEntry[] = [];
    for (const f of plan.files) {
      const e = f.entry;
      if (buffer && e.uncompressedSize <= WHOLE_ENTRY_MAX && (e.compressionMethod === 8 || e.compressionMethod === 0)) {
        whole.push({ start: dataStart(buffer, e, f.name, chain), compressedSize: e.compressedSize, size: e.uncompressedSize, method: e.compressionMethod, target: f.target, name: f.name });
        // The writer checks that the entry inflates to exactly its declared size before writing it.
        budget.wrote(chain, f.name, e.uncompressedSize);
        outcome.bytes += e.uncompressedSize;
      } else streamed.push(f);
    }
    const counted = (name: string, n: number) => {
      budget.wrote(chain, name, n);
      outcome.bytes += n;
    };
    // Settle both before failing: nothing may still be writing when the caller cleans up.
    const [written, streamedOk] = await Promise.allSettled([buffer ? writers.writeAll(buffer, whole) : undefined, streamAll(zip, streamed, chain, counted)]);
    if (written.status === 'rejected') throw writeFailure(chain, written.reason);
    if (streamedOk.status === 'rejected') throw streamedOk.reason;
    return outcome;
  } finally {
    zip.close();
  }
}

function writeFailure(chain: Chain, err: unknown): Error {
  if (err instanceof PipelineError) return err;
  if (!(err instanceof EntryWriteError)) return corrupt(chain, err);
  if (err.kind === 'corrupt') return corrupt(chain, new Error(err.message));
  return new PipelineError(`cannot extract ${chain.join(' > ')}: writing "${err.entry}" to ${err.target} failed: ${err.message}`, 'check that the output folder is writable and the disk is not full');
}

/** Reads every entry and applies the guard: a refused entry stops the extraction before anything is written. */
async function planEntries(zip: ZipFile, dir: string, budget: Budget, chain: Chain): Promise<Plan> {
  const plan: Plan = { dirs: [], files: [], warnings: [] };
  const names = new EntryNames(chain);
  const consider = async (entry: Entry) => {
    const name = entryName(entry);
    budget.entry(chain, name);
    const target = safeEntryPath(dir, name, chain);
    if (name.endsWith('/') || name.endsWith('\\')) {
      names.dir(entryRel(dir, target), name);
      plan.dirs.push(target);
      return;
    }
    names.file(entryRel(dir, target), name);
    if (entry.isEncrypted()) refuse(chain, name, 'is encrypted and cannot be scanned', 'get an unencrypted package from LifeTime');
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
      const link = (await readAll(await openStream(zip, entry, chain))).toString('utf8');
      if (!linkStaysInside(dir, target, link)) refuse(chain, name, `is a symlink to "${link}", outside the target folder`, 'the archive is malformed or malicious; do not unpack it by hand');
      plan.warnings.push(`${chain.join(' > ')}: symlink "${name}" -> "${link}" not created (links are never followed)`);
      return;
    }
    budget.declared(chain, name, entry.compressedSize, entry.uncompressedSize);
    plan.files.push({ entry, name, target });
  };
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => reject(err instanceof RefusedEntry || err instanceof PipelineError ? err : corrupt(chain, err));
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => consider(entry).then(() => zip.readEntry(), fail));
    zip.readEntry();
  });
  return plan;
}

/** Offset of an entry's compressed bytes in the in-memory archive, from its local header (checked against the file). */
function dataStart(buffer: Buffer, entry: Entry, name: string, chain: Chain): number {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) throw corrupt(chain, new Error(`entry "${name}" has no valid local header`));
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buffer.length) throw corrupt(chain, new Error(`entry "${name}" runs past the end of the file`));
  return start;
}

const openStream = (zip: ZipFile, entry: Entry, chain: Chain) => new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(corrupt(chain, err)) : resolve(s))));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Streams entries through yauzl (which checks sizes), counting the bytes written, a few at a time. */
async function streamAll(zip: ZipFile, files: FileEntry[], chain: Chain, counted: (name: string, n: number) => void): Promise<void> {
  const made = new Set<string>();
  let next = 0;
  let failed = false;
  const one = async ({ entry, name, target }: FileEntry) => {
    const d = dirname(target);
    if (!made.has(d)) {
      await mkdir(d, { recursive: true });
      made.add(d);
    }
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        try {
          counted(name, chunk.length);
          cb(null, chunk);
        } catch (err) {
          cb(err instanceof Error ? err : new Error(String(err)));
        }
      },
    });
    try {
      await pipeline(await openStream(zip, entry, chain), counter, createWriteStream(target, { highWaterMark: 256 * 1024 }));
    } catch (err) {
      failed = true;
      throw err instanceof PipelineError ? err : corrupt(chain, new Error(`entry "${name}": ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(PARALLEL, files.length) }, async () => {
      while (!failed && next < files.length) await one(files[next++]!);
    }),
  );
  const first = lanes.find((l) => l.status === 'rejected');
  if (first) throw first.reason;
}
