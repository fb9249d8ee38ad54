// Extracts one ZIP file with yauzl: every entry checked by the guard, several entries written at once.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { inflateRaw, inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { PipelineError } from '../util/errors.js';
import { Budget, RefusedEntry, linkStaysInside, refuse, safeEntryPath, type Chain } from './guard.js';

export interface ZipOutcome {
  files: string[];
  bytes: number;
  warnings: string[];
}

const PARALLEL = 32;
/** Entries up to this size are read whole and inflated on libuv's thread pool: far less per-file overhead than streams. */
const WHOLE_ENTRY_MAX = 8 * 1024 * 1024;
const inflateRawAsync = promisify(inflateRaw);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const entryName = (e: Entry): string => ((e.generalPurposeBitFlag & 0x800) !== 0 ? e.fileNameRaw.toString('utf8') : e.fileNameRaw.toString('latin1'));

/** Archives up to this size are read into memory once (one sequential read instead of two small reads per entry). */
const IN_MEMORY_MAX = 512 * 1024 * 1024;

/** The archive's bytes when small enough to hold, else undefined (then yauzl reads the file piecewise). */
export async function loadArchive(file: string): Promise<Buffer | undefined> {
  return (await stat(file)).size <= IN_MEMORY_MAX ? readFile(file) : undefined;
}

async function openZip(file: string, chain: Chain, buffer?: Buffer): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) => (err || !zip ? reject(corrupt(chain, err)) : resolve(zip));
    if (buffer) yauzl.fromBuffer(buffer, options, done);
    else yauzl.open(file, options, done);
  });
}

const corrupt = (chain: Chain, err: unknown) =>
  new PipelineError(
    `cannot read ${chain.join(' > ')}: not a valid ZIP file (${err instanceof Error ? err.message : String(err)})`,
    'the download may be truncated or corrupt: fetch the package again (ossast fetch) and check its SHA-256',
    err,
  );

/** Extracts `file` into `dir`; resolves with the written files (absolute paths). */
export async function extractZip(file: string, dir: string, budget: Budget, chain: Chain, buffer?: Buffer): Promise<ZipOutcome> {
  const zip = await openZip(file, chain, buffer);
  const outcome: ZipOutcome = { files: [], bytes: 0, warnings: [] };
  const made = new Set<string>();
  const ensureDir = async (d: string) => {
    if (made.has(d)) return;
    await mkdir(d, { recursive: true });
    made.add(d);
  };
  const openStream = (entry: Entry, decompress = true) =>
    new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, { decompress }, (err, s) => (err || !s ? reject(corrupt(chain, err)) : resolve(s))));

  /** Compressed bytes of an entry: sliced straight out of the in-memory archive, or read through yauzl. */
  const rawBytes = async (entry: Entry, name: string): Promise<Buffer> => {
    if (buffer) {
      const at = entry.relativeOffsetOfLocalHeader;
      if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) throw corrupt(chain, new Error(`entry "${name}" has no valid local header`));
      const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
      if (start + entry.compressedSize > buffer.length) throw corrupt(chain, new Error(`entry "${name}" runs past the end of the file`));
      return buffer.subarray(start, start + entry.compressedSize);
    }
    const chunks: Buffer[] = [];
    for await (const c of await openStream(entry, false)) chunks.push(Buffer.from(c));
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  };

  const readWhole = async (entry: Entry, name: string): Promise<Buffer> => {
    const raw = await rawBytes(entry, name);
    let data: Buffer;
    try {
      // Small entries inflate faster in place than with a round trip to the thread pool.
      // Never inflate past the declared size: a header that lies about it cannot make us allocate more.
      const limit = { maxOutputLength: Math.max(1, entry.uncompressedSize) };
      data = entry.compressionMethod !== 8 ? raw : raw.length < 16 * 1024 ? inflateRawSync(raw, limit) : await inflateRawAsync(raw, limit);
    } catch (err) {
      throw corrupt(chain, new Error(`entry "${name}" cannot be inflated: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (data.length !== entry.uncompressedSize) throw corrupt(chain, new Error(`entry "${name}" is ${data.length} bytes, its header says ${entry.uncompressedSize}`));
    return data;
  };

  const writeEntry = async (entry: Entry, name: string, target: string) => {
    await ensureDir(dirname(target));
    if (entry.uncompressedSize <= WHOLE_ENTRY_MAX && (entry.compressionMethod === 8 || entry.compressionMethod === 0)) {
      const data = await readWhole(entry, name);
      budget.wrote(chain, name, data.length);
      outcome.bytes += data.length;
      await writeFile(target, data);
      outcome.files.push(target);
      return;
    }
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        try {
          budget.wrote(chain, name, chunk.length);
          outcome.bytes += chunk.length;
          cb(null, chunk);
        } catch (err) {
          cb(err instanceof Error ? err : new Error(String(err)));
        }
      },
    });
    await pipeline(await openStream(entry), counter, createWriteStream(target, { highWaterMark: 256 * 1024 }));
    outcome.files.push(target);
  };

  const readLink = async (entry: Entry): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of await openStream(entry)) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks).toString('utf8');
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      let reading = false;
      let ended = false;
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        reject(err instanceof RefusedEntry || err instanceof PipelineError ? err : corrupt(chain, err));
      };
      const next = () => {
        if (failed) return;
        if (ended) {
          if (inFlight === 0) resolve();
          return;
        }
        if (inFlight < PARALLEL && !reading) {
          reading = true;
          zip.readEntry();
        }
      };
      zip.on('error', fail);
      zip.on('end', () => {
        reading = false;
        ended = true;
        if (inFlight === 0 && !failed) resolve();
      });
      zip.on('entry', (entry: Entry) => {
        reading = false;
        if (failed) return;
        const work = (async () => {
          const name = entryName(entry);
          budget.entry(chain, name);
          const target = safeEntryPath(dir, name, chain);
          if (name.endsWith('/') || name.endsWith('\\')) {
            await ensureDir(target);
            return;
          }
          if (entry.isEncrypted()) refuse(chain, name, 'is encrypted and cannot be scanned', 'get an unencrypted package from LifeTime');
          if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
            const link = await readLink(entry);
            if (!linkStaysInside(dir, target, link)) refuse(chain, name, `is a symlink to "${link}", outside the target folder`, 'the archive is malformed or malicious; do not unpack it by hand');
            outcome.warnings.push(`${chain.join(' > ')}: symlink "${name}" -> "${link}" not created (links are never followed)`);
            return;
          }
          budget.declared(chain, name, entry.compressedSize, entry.uncompressedSize);
          await writeEntry(entry, name, target);
        })();
        inFlight++;
        work.then(
          () => {
            inFlight--;
            next();
          },
          fail,
        );
        next();
      });
      next();
    });
  } finally {
    zip.close();
  }
  return outcome;
}

/** Lists entry names without extracting (to tell an application package from a module). */
export async function listZip(file: string, chain: Chain, buffer?: Buffer): Promise<string[]> {
  const zip = await openZip(file, chain, buffer);
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const names: string[] = [];
      zip.on('entry', (e: Entry) => {
        names.push(entryName(e));
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', (err) => reject(corrupt(chain, err)));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
