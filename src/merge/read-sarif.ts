// Reads a SARIF file of any size: small ones with JSON.parse, big ones streamed (no string holds the text).
import type { FileHandle } from 'node:fs/promises';
import { parseSarif, validateSarif, type SarifLog } from '../model/sarif.js';
import { PipelineError } from '../util/errors.js';
import { openRegularFile, readOpened, streamOpened } from '../util/read-file.js';

import { JsonSyntaxError, splitSarifStream } from '../util/json-split.js';

/** Logs larger than this are not read (streamed, a log of a million results is far below it). */
export const MAX_SARIF_BYTES = 8 * 1024 ** 3;

/**
 * From this size on a file is parsed as it is read (results parsed with JSON.parse in batches, at about JSON.parse's
 * speed: docs/benchmarks.md), so the text is never held whole: it would cost as much memory again as the parsed log,
 * and past 512 MiB no V8 string can hold it. Below it one JSON.parse of the whole text.
 */
export const STREAM_FROM_BYTES = 32 * 1024 ** 2;

/**
 * The file's SARIF log, validated as parseSarif does; `shown` names it in errors. A file that cannot be read throws
 * the file system's error (the caller words it); text that is not JSON or not SARIF throws a PipelineError.
 */
export async function readSarifFile(path: string, shown: string, opts: { streamFromBytes?: number; maxBytes?: number; signal?: AbortSignal } = {}): Promise<SarifLog> {
  // A regular file only, opened without blocking, never read past the bound (a FIFO or a device is refused at once).
  const maxBytes = opts.maxBytes ?? MAX_SARIF_BYTES;
  const { handle, stats } = await openRegularFile(path, { maxBytes });
  try {
    const streamFrom = opts.streamFromBytes ?? STREAM_FROM_BYTES;
    // A file whose stated size is wrong (/proc, growing) is still read no further than the streaming threshold.
    if (stats.size < streamFrom) return parseSarif((await readOpened(path, handle, stats.size, Math.min(maxBytes, streamFrom))).toString('utf8'), shown);
    return validateSarif(await streamJson(path, handle, maxBytes, shown, opts.signal), shown);
  } finally {
    await handle.close();
  }
}

/**
 * The file's JSON as JSON.parse would give it (keys in their order, nothing validated), always streamed: for a log
 * ossast itself wrote and checks in its own way (the merge worker's). Opened as readSarifFile opens files, `noFollow`
 * refusing a link; text that is not JSON throws a PipelineError naming `shown`.
 */
export async function readSarifJson(path: string, shown: string, opts: { maxBytes?: number; noFollow?: boolean; signal?: AbortSignal } = {}): Promise<unknown> {
  const maxBytes = opts.maxBytes ?? MAX_SARIF_BYTES;
  const { handle } = await openRegularFile(path, { maxBytes, ...(opts.noFollow ? { noFollow: true } : {}) });
  try {
    return await streamJson(path, handle, maxBytes, shown, opts.signal);
  } finally {
    await handle.close();
  }
}

/**
 * Parses a JSON file chunk by chunk into the value JSON.parse would give: each results array's elements are parsed
 * in batches with JSON.parse as their bytes arrive, the rest of the log once at the end (see SarifSplitter). Reading
 * yields to the event loop between chunks, so a signal is handled while a big log is read, and stops the reading.
 */
async function streamJson(path: string, handle: FileHandle, maxBytes: number, shown: string, signal?: AbortSignal): Promise<unknown> {
  try {
    // A signal stops the reading between chunks (a log of a million results takes seconds to read).
    return await splitSarifStream(streamOpened(path, handle, maxBytes), shown, signal);
  } catch (err) {
    throw err instanceof JsonSyntaxError ? new PipelineError(`${shown} is not JSON: ${err.message}`, 'the file must be a SARIF 2.1.0 log') : err;
  }
}
