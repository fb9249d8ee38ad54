// Extracts a .tar.gz (e.g. a mobile native build) with node-tar, after checking every entry with the guard.
import { relative } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileHandle } from 'node:fs/promises';
import type { ReadEntry } from 'tar';
import { PipelineError } from '../util/errors.js';
import { openRegularFile, streamOpened } from '../util/read-file.js';
import { type Budget, RefusedEntry, linkStaysInside, refuse, safeEntryPath, type Chain } from './guard.js';
import { EntryNames, entryRel } from './collisions.js';

export interface TarOutcome {
  files: number;
  bytes: number;
  warnings: string[];
}

const corrupt = (chain: Chain, err: unknown) => new PipelineError(`cannot read ${chain.join(' > ')}: not a valid .tar.gz (${err instanceof Error ? err.message : String(err)})`, 'the archive may be truncated or corrupt: get it again', err);

/** What the tar parser and unpacker offer: a writable with backpressure, ending with 'end' (parser) or 'close' (unpacker). */
interface TarSink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Streams the archive's bytes through gunzip into `sink`, counting the decompressed bytes as they come: past the
 * ratio or the total (see Budget.inflating) the stream is stopped. node-tar given a file inflates whole read chunks
 * at once (a 1 MB bomb held 1.1 GB before the ratio check after listing), so ossast decompresses itself, with
 * backpressure, and hands node-tar the plain tar stream.
 */
async function feed(file: string, handle: FileHandle, count: (n: number) => void, sink: TarSink, done: 'end' | 'close'): Promise<void> {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        count(chunk.length);
        cb(null, chunk);
      } catch (err) {
        cb(err instanceof Error ? err : new Error(String(err)));
      }
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    sink.once(done, () => resolve());
    sink.on('error', (err) => reject(err));
  });
  // A sink that fails ends the feeding at once.
  finished.catch(() => counter.destroy());
  await pipeline(streamOpened(file, handle, Number.MAX_SAFE_INTEGER), createGunzip(), counter, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    }
    sink.end();
  });
  await finished;
}

export async function extractTarGz(file: string, dir: string, budget: Budget, chain: Chain): Promise<TarOutcome> {
  // Loaded when a .tar.gz is met (mobile builds only): node-tar is most of what the extraction code weighs at start.
  const { Parser, Unpack } = await import('tar');
  const outcome: TarOutcome = { files: 0, bytes: 0, warnings: [] };
  const allowed = new Set<string>();
  const names = new EntryNames(chain);
  let refusal: unknown;
  let total = 0;
  // One descriptor for both passes: what pass 2 writes is what pass 1 checked.
  const { handle, stats } = await openRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER });
  const size = stats.size;
  // Both passes are bounded against the budget as it is before this archive's bytes are counted.
  const inflating = () => budget.inflating(chain, '(whole archive)', size, 'gzip');
  const [pass1, pass2] = [inflating(), inflating()];
  try {
    // Pass 1: check every entry before writing anything.
    try {
      const parser = new Parser({
        strict: true,
        onReadEntry: (e: ReadEntry) => {
          if (refusal) return e.resume();
          try {
            budget.entry(chain, e.path);
            const target = safeEntryPath(dir, e.path, chain);
            if (e.type === 'SymbolicLink' || e.type === 'Link') {
              const link = e.linkpath ?? '';
              const inside =
                e.type === 'Link'
                  ? (() => {
                      try {
                        safeEntryPath(dir, link, chain);
                        return true;
                      } catch {
                        return false;
                      }
                    })()
                  : linkStaysInside(dir, target, link);
              if (!inside) refuse(chain, e.path, `is a ${e.type === 'Link' ? 'hard link' : 'symlink'} to "${link}", outside the target folder`, 'the archive is malformed or malicious; do not unpack it by hand');
              outcome.warnings.push(`${chain.join(' > ')}: link "${e.path}" -> "${link}" not created (links are never followed)`);
            } else if (e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile') {
              names.file(entryRel(dir, target), e.path);
              total += e.size;
              outcome.files++;
              budget.declared(chain, e.path, 0, 0);
              allowed.add(relative(dir, target));
            } else if (e.type === 'Directory') {
              names.dir(entryRel(dir, target), e.path);
              allowed.add(relative(dir, target));
            } else if (!/Header|Extended|Pax|NextFile/.test(e.type)) {
              refuse(chain, e.path, `is a ${e.type} entry, which an archive of source code never needs`, 'the archive is malformed or malicious');
            }
          } catch (err) {
            refusal = err;
          }
          e.resume();
        },
      });
      await feed(file, handle, pass1, parser as unknown as TarSink, 'end');
    } catch (err) {
      if (err instanceof RefusedEntry) throw err;
      throw corrupt(chain, err);
    }
    if (refusal) throw refusal;
    if (total > 1024 * 1024 && total / Math.max(size, 1) > budget.limits.maxRatio) {
      refuse(chain, '(whole archive)', `expands ${Math.round(total / size)}x (limit ${budget.limits.maxRatio}x): looks like a gzip bomb`, 'if this archive is legitimate, raise extract.maxRatio in the config');
    }
    budget.wrote(chain, '(whole archive)', total);
    outcome.bytes = total;
    // Pass 2: write only what pass 1 allowed (files and folders; links are never created).
    try {
      const unpack = new Unpack({
        cwd: dir,
        strict: true,
        preservePaths: false,
        preserveOwner: false,
        filter: (path) => allowed.has(relative(dir, safeEntryPath(dir, path, chain))),
      });
      await feed(file, handle, pass2, unpack as unknown as TarSink, 'close');
    } catch (err) {
      if (err instanceof RefusedEntry) throw err;
      throw corrupt(chain, err);
    }
  } finally {
    await handle.close();
  }
  return outcome;
}
