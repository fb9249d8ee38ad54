// Reads a SARIF file of any size: small ones with JSON.parse, big ones with a streaming parser (no string holds the text).
import type { FileHandle } from 'node:fs/promises';
import { parseSarif, validateSarif, type SarifLog } from '../model/sarif.js';
import { PipelineError } from '../util/errors.js';
import { openRegularFile, readOpened, streamOpened } from '../util/read-file.js';

/** Logs larger than this are not read (streamed, a log of a million results is far below it). */
export const MAX_SARIF_BYTES = 8 * 1024 ** 3;
import { JsonDepthGuard } from '../util/json-depth.js';

/**
 * From this size on a file is parsed as it is read. Below it JSON.parse is used: three times faster (measured on a log
 * of 200,000 results, 117 MB: 7 s against 24 s), at the cost of holding the text for a moment. Above it the text would
 * come near the 512 MiB a V8 string can hold (bytes never undercount characters).
 */
export const STREAM_FROM_BYTES = 256 * 1024 ** 2;

/**
 * The file's SARIF log, validated as parseSarif does; `shown` names it in errors. A file that cannot be read throws
 * the file system's error (the caller words it); text that is not JSON or not SARIF throws a PipelineError.
 */
export async function readSarifFile(path: string, shown: string, opts: { streamFromBytes?: number; maxBytes?: number } = {}): Promise<SarifLog> {
  // A regular file only, opened without blocking, never read past the bound (a FIFO or a device is refused at once).
  const maxBytes = opts.maxBytes ?? MAX_SARIF_BYTES;
  const { handle, stats } = await openRegularFile(path, { maxBytes });
  try {
    const streamFrom = opts.streamFromBytes ?? STREAM_FROM_BYTES;
    // A file whose stated size is wrong (/proc, growing) is still read no further than the streaming threshold.
    if (stats.size < streamFrom) return parseSarif((await readOpened(path, handle, stats.size, Math.min(maxBytes, streamFrom))).toString('utf8'), shown);
    return validateSarif(await streamJson(path, handle, maxBytes, shown), shown);
  } finally {
    await handle.close();
  }
}

/**
 * Parses a JSON file chunk by chunk into the value JSON.parse would give (a "__proto__" key stays an own key). Each
 * result is compacted as soon as it is complete (see resultCompactor): the streaming parser's objects and arrays are
 * built member by member and keep spare room. Measured on a log of 200,000 results: 230 MB as parsed, 138 MB compacted
 * (JSON.parse's own objects: 164 MB).
 */
async function streamJson(path: string, handle: FileHandle, maxBytes: number, shown: string): Promise<unknown> {
  // Loaded only for a big file: the commands that read small logs start faster without it.
  const { JSONParser } = await import('@streamparser/json');
  const parser = new JSONParser({ paths: ['$', '$.runs.*.results.*'], keepStack: false });
  const compact = resultCompactor();
  let value: unknown;
  let parsed = false;
  parser.onValue = ({ value: v, key, parent, stack }) => {
    if (stack.length === 0) {
      value = v;
      parsed = true;
    } else if (parent !== undefined && key !== undefined) {
      Reflect.set(parent, key, compact(v));
    }
  };
  const notJson = (err: unknown) => new PipelineError(`${shown} is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'the file must be a SARIF 2.1.0 log');
  const stream = streamOpened(path, handle, maxBytes);
  const depth = new JsonDepthGuard(shown);
  try {
    for await (const chunk of stream) {
      depth.feed(chunk as Buffer);
      try {
        parser.write(chunk as Buffer);
      } catch (err) {
        throw notJson(err);
      }
    }
  } finally {
    stream.destroy();
  }
  try {
    // The parser ends by itself after the root value (what follows it must be white space, or write throws).
    if (!parser.isEnded) parser.end();
  } catch (err) {
    throw notJson(err);
  }
  if (!parsed) throw notJson(new Error('the text ends before the JSON value does'));
  return value;
}

/** Keys whose string values repeat across results (rule, level, file, module...): one copy of each is kept. */
const REPEATED = new Set(['ruleId', 'level', 'kind', 'baselineState', 'status', 'uri', 'uriBaseId', 'ossast/target', 'ossast/module', 'ossast/application']);
/** At most this many distinct strings are shared (a bound on the table, whatever the log holds). */
const SHARED_MAX = 200_000;

/**
 * A function that gives a result back as JSON.parse would have built it (JSON.stringify then JSON.parse: objects and
 * arrays of exactly their size), with the strings of REPEATED keys, and fingerprints equal within a result, shared.
 * Nothing changes that JSON can express; a number too big for a double (Infinity) becomes null, as when it is written.
 */
function resultCompactor(): (value: unknown) => unknown {
  const shared = new Map<string, string>();
  const share = (s: string): string => {
    const known = shared.get(s);
    if (known !== undefined) return known;
    if (shared.size < SHARED_MAX) shared.set(s, s);
    return s;
  };
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') {
        if (REPEATED.has(k)) Reflect.set(v, k, share(x));
      } else if (k === 'partialFingerprints' || k === 'fingerprints') {
        shareWithin(x);
      } else walk(x);
    }
  };
  return (value) => {
    const copy: unknown = JSON.parse(JSON.stringify(value));
    walk(copy);
    return copy;
  };
}

/** Equal string values of one object (a result's fingerprints often repeat one hash under two names) made one string. */
function shareWithin(v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
  const seen = new Map<string, string>();
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') continue;
    const s = seen.get(x);
    if (s === undefined) seen.set(x, x);
    else Reflect.set(v, k, s);
  }
}
