// Reads a file a scanner wrote, bounded: a missing, oversized or unparsable output is the scanner's failure.
import { validateSarif, parseSarif, type SarifLog } from '../model/sarif.js';
import { JsonSyntaxError, splitSarifStream } from '../util/json-split.js';
import { FileRefused, openRegularFile, readOpened, readRegularFile, streamOpened } from '../util/read-file.js';

/** Scanner outputs are read whole; beyond this they are refused (V8 cannot hold a longer string anyway). */
export const MAX_TOOL_OUTPUT_BYTES = 512 * 1024 * 1024;

/**
 * From this size a SARIF log is parsed as it is read, a turn of the event loop between chunks (a signal stops the
 * reading): one JSON.parse of a log of 250,000 results holds the event loop for over a second.
 */
export const STREAM_TOOL_SARIF_FROM = 16 * 1024 ** 2;

const sizeOf = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(0)} MB` : `${n} bytes`);

type Fail = (message: string, cause?: unknown) => Error;

export async function readToolOutput<T>(file: string, what: string, parse: (text: string) => T, fail: Fail, maxBytes = MAX_TOOL_OUTPUT_BYTES): Promise<T> {
  let text: string;
  try {
    // A regular file only (a FIFO or a device the tool left there is refused at once), never read past maxBytes.
    text = (await readRegularFile(file, { maxBytes })).toString('utf8');
  } catch (err) {
    throw readFailure(err, file, what, fail, maxBytes);
  }
  try {
    return parse(text);
  } catch (err) {
    throw invalidOutput(err, file, what, fail);
  }
}

/**
 * A scanner's SARIF log, validated as parseSarif does (errors worded as readToolOutput's): a big one streamed, never
 * held as one string, and stopped by `signal` between chunks.
 */
export async function readToolSarif(file: string, fail: Fail, opts: { signal?: AbortSignal; maxBytes?: number; streamFrom?: number } = {}): Promise<SarifLog> {
  const what = 'SARIF log';
  const maxBytes = opts.maxBytes ?? MAX_TOOL_OUTPUT_BYTES;
  let opened;
  try {
    opened = await openRegularFile(file, { maxBytes });
  } catch (err) {
    throw readFailure(err, file, what, fail, maxBytes);
  }
  const { handle, stats } = opened;
  try {
    if (stats.size < (opts.streamFrom ?? STREAM_TOOL_SARIF_FROM)) {
      let text: string;
      try {
        text = (await readOpened(file, handle, stats.size, maxBytes)).toString('utf8');
      } catch (err) {
        throw readFailure(err, file, what, fail, maxBytes);
      }
      try {
        return parseSarif(text, file);
      } catch (err) {
        throw invalidOutput(err, file, what, fail);
      }
    }
    let json: unknown;
    try {
      json = await splitSarifStream(streamOpened(file, handle, maxBytes), file, opts.signal);
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw invalidOutput(new Error(`${file} is not JSON: ${err.message}`), file, what, fail);
      if (opts.signal?.aborted) throw err;
      throw err instanceof FileRefused || !(err instanceof Error) || 'code' in err ? readFailure(err, file, what, fail, maxBytes) : invalidOutput(err, file, what, fail);
    }
    try {
      return validateSarif(json, file);
    } catch (err) {
      throw invalidOutput(err, file, what, fail);
    }
  } finally {
    await handle.close();
  }
}

function readFailure(err: unknown, file: string, what: string, fail: Fail, maxBytes: number): Error {
  if (err instanceof FileRefused && err.why === 'missing') return fail(`exited but wrote no ${what} at ${file}`, err);
  if (err instanceof FileRefused && err.why === 'too-large')
    return fail(`wrote a ${what} ${err.bytes === undefined ? `over ${sizeOf(maxBytes)}` : `of ${sizeOf(err.bytes)}`} (${file}), over the ${sizeOf(maxBytes)} ossast reads; it was not read`, err);
  if (err instanceof FileRefused && err.why === 'not-a-file') return fail(`left ${err.found ?? 'something other than a regular file'} at ${file}, not a ${what}; it was not read`, err);
  return fail(`exited but its ${what} at ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`, err);
}

const invalidOutput = (err: unknown, file: string, what: string, fail: Fail) => fail(`wrote a ${what} that is not valid (${file}): ${err instanceof Error ? err.message : String(err)}`, err);
