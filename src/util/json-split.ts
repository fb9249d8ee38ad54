// Parses a SARIF log's JSON chunk by chunk at JSON.parse's speed: a byte scanner finds the results arrays
// (runs[*].results) and the boundaries of their elements; results are parsed in batches with JSON.parse, the rest of
// the log (its skeleton, results arrays left empty) with one JSON.parse at the end. No string ever holds the whole text.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, MAX_JSON_DEPTH, OPEN_ARRAY, OPEN_OBJECT, QUOTE, type Refusal } from './json-depth.js';
import type { Readable } from 'node:stream';
import { PipelineError, throwIfInterrupted } from './errors.js';

const COMMA = 0x2c;

/** The depth (open arrays and objects) of a results array: root object, runs array, run object, results array. */
const RESULTS_DEPTH = 4;
/** Keys longer than this (as bytes, quotes and escapes included) are neither "runs" nor "results". */
const MAX_KEY_BYTES = 256;
/** JSON white space only (JSON.parse accepts no other). */
const BLANK = /^[ \t\n\r]*$/;

/** One level of nesting down to RESULTS_DEPTH: what it is, and for an object the key whose value is being read. */
interface Frame {
  object: boolean;
  key: string | undefined;
  /** Arrays: the index of the element being read. */
  index: number;
}

export class JsonSyntaxError extends Error {}

/**
 * Fed the bytes of a JSON text in order, gives back the value JSON.parse would give for the whole text (the same
 * keys in the same order, "__proto__" an own key, the last of duplicate keys kept), or throws JSON.parse's error
 * (as a JsonSyntaxError) where the text is not JSON, or the refusal when it nests deeper than `maxDepth`.
 */
export class SarifSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private readonly frames: Frame[] = [];
  /** A key is being read at depth 1 or 3 (the only keys that matter); its bytes, undefined once too long. */
  private readingKey = false;
  private keyParts: Buffer[] | undefined;
  private keyBytes = 0;
  private readonly skeleton: Buffer[] = [];
  /** Inside a results array: its bytes since the last batch, and how many elements it had so far. */
  private inResults = false;
  private pending: Buffer[] = [];
  private batch: unknown[] = [];
  private seen = 0;
  /** Each results array read: which occurrence of "runs" (a duplicate key: the last one wins), which run. */
  private readonly found: { occurrence: number; run: number; results: unknown[] }[] = [];
  private runsOccurrence = 0;
  private offset = 0;

  constructor(
    private readonly shown: string,
    private readonly maxDepth = MAX_JSON_DEPTH,
    private readonly refuse: Refusal = (m, h) => new PipelineError(m, h),
  ) {}

  feed(chunk: Buffer): void {
    const n = chunk.length;
    let keyFrom = this.readingKey ? 0 : -1;
    // Where the bytes not yet handed to the skeleton (or to the current results batch) start in this chunk.
    let from = 0;
    let lastComma = -1;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // A plain loop: most strings are short, and a call to indexOf per string costs more than the bytes.
        let j = i;
        for (; j < n; j++) {
          const d = chunk[j]!;
          if (d === QUOTE) break;
          if (d === BACKSLASH) j++;
        }
        if (j >= n) {
          // The string goes on in the next chunk (after an escaped character when a backslash ended this one).
          this.escaped = j > n;
          i = n;
          continue;
        }
        this.inString = false;
        i = j + 1;
        if (keyFrom >= 0) {
          this.endKey(chunk.subarray(keyFrom, i));
          keyFrom = -1;
        }
        continue;
      }
      if (this.depth > RESULTS_DEPTH) {
        // Inside a result (or any value deeper than a results array): only strings and nesting matter, until the
        // value ends. Most of a log's bytes go through this loop.
        let d = this.depth;
        let j = i;
        for (; j < n; j++) {
          const c = chunk[j]!;
          if (c === QUOTE) {
            for (j++; j < n; j++) {
              const e = chunk[j]!;
              if (e === QUOTE) break;
              if (e === BACKSLASH) j++;
            }
            if (j >= n) {
              this.inString = true;
              this.escaped = j > n;
              break;
            }
          } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
            if (++d > this.maxDepth) throw this.tooDeep(j);
          } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
            if (--d === RESULTS_DEPTH) break;
          }
        }
        this.depth = d;
        this.expectKey = false;
        i = Math.min(n, j + 1);
        continue;
      }
      const c = chunk[i]!;
      if (c === QUOTE) {
        this.inString = true;
        if (this.expectKey && (this.depth === 1 || this.depth === 3)) {
          this.readingKey = true;
          this.keyParts = [];
          this.keyBytes = 0;
          keyFrom = i;
        }
        this.expectKey = false;
      } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++this.depth > this.maxDepth) throw this.tooDeep(i);
        const object = c === OPEN_OBJECT;
        this.expectKey = object;
        if (this.depth <= RESULTS_DEPTH) {
          this.frames.push({ object, key: undefined, index: 0 });
          if (this.depth === 2 && !object && this.frames[0]!.object && this.frames[0]!.key === 'runs') this.runsOccurrence++;
          if (this.depth === RESULTS_DEPTH && !object && this.isResultsPath()) {
            // The skeleton keeps "[", the elements go to batches, the skeleton gets "]" when the array ends.
            this.skeleton.push(Buffer.from(chunk.subarray(from, i + 1)));
            from = i + 1;
            lastComma = -1;
            this.inResults = true;
            this.seen = 0;
            this.batch = [];
          }
        }
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        if (this.inResults && this.depth === RESULTS_DEPTH) {
          this.parseBatch(chunk.subarray(from, i), true);
          const frame = this.frames[1]!;
          this.found.push({ occurrence: this.runsOccurrence, run: frame.index, results: this.batch });
          this.batch = [];
          this.inResults = false;
          from = i;
          lastComma = -1;
        }
        if (this.depth <= RESULTS_DEPTH) this.frames.pop();
        this.depth--;
        this.expectKey = false;
      } else if (c === COMMA) {
        if (this.depth <= RESULTS_DEPTH) {
          const top = this.frames[this.depth - 1];
          if (top?.object) this.expectKey = true;
          else if (top) top.index++;
        }
        if (this.inResults && this.depth === RESULTS_DEPTH) lastComma = i;
      }
      i++;
    }
    if (keyFrom >= 0) this.addKeyPart(chunk.subarray(keyFrom));
    if (this.inResults) {
      // The complete elements of this chunk in one batch; the unfinished one waits for the next chunk.
      if (lastComma >= 0) {
        this.parseBatch(chunk.subarray(from, lastComma), false);
        from = lastComma + 1;
      }
      if (from < n) this.pending.push(chunk.subarray(from));
    } else if (from < n) this.skeleton.push(Buffer.from(chunk.subarray(from)));
    this.offset += n;
  }

  /** The parsed value, results in place. */
  finish(): unknown {
    if (this.inString || this.depth > 0 || this.inResults) throw new JsonSyntaxError('Unexpected end of JSON input');
    const value = parse(Buffer.concat(this.skeleton).toString('utf8'));
    const runs: unknown = typeof value === 'object' && value !== null && !Array.isArray(value) ? Reflect.get(value, 'runs') : undefined;
    if (!Array.isArray(runs)) return value;
    for (const f of this.found) {
      if (f.occurrence !== this.runsOccurrence) continue;
      const run: unknown = runs[f.run];
      // The results arrays seen in order: a later duplicate "results" key replaces an earlier one, as in JSON.parse.
      if (typeof run === 'object' && run !== null && Array.isArray(Reflect.get(run, 'results'))) Reflect.set(run, 'results', f.results);
    }
    return value;
  }

  private isResultsPath(): boolean {
    const [root, runs, run] = this.frames;
    return !!root?.object && root.key === 'runs' && !!runs && !runs.object && !!run?.object && run.key === 'results';
  }

  /** Parses the elements since the last batch (pending bytes, then `tail`); `last` when the array ends after them. */
  private parseBatch(tail: Buffer, last: boolean): void {
    const text = (this.pending.length ? Buffer.concat([...this.pending, tail]) : tail).toString('utf8');
    this.pending = [];
    if (BLANK.test(text)) {
      // "[]" is an empty array; "[1,]" and "[,1]" are not JSON.
      if (last && this.seen === 0) return;
      throw new JsonSyntaxError(`Unexpected token in a results array (an element missing before byte ${this.offset})`);
    }
    const items = parse(`[${text}]`);
    if (!Array.isArray(items)) throw new JsonSyntaxError('Unexpected results array');
    for (const item of items) this.batch.push(item);
    this.seen += items.length;
  }

  private addKeyPart(part: Buffer): void {
    if (!this.keyParts) return;
    this.keyBytes += part.length;
    if (this.keyBytes > MAX_KEY_BYTES) this.keyParts = undefined;
    else this.keyParts.push(Buffer.from(part));
  }

  private endKey(part: Buffer): void {
    this.addKeyPart(part);
    this.readingKey = false;
    const frame = this.frames[this.depth - 1];
    if (frame) frame.key = this.keyParts ? keyOf(Buffer.concat(this.keyParts)) : undefined;
    this.keyParts = undefined;
  }

  private tooDeep(at: number): Error {
    return this.refuse(
      `${this.shown} nests arrays and objects more than ${this.maxDepth} deep (at byte ${this.offset + at + 1}): it was not read`,
      `no scanner writes logs like this; ossast refuses JSON nested deeper than ${this.maxDepth} levels, so that its outputs stay in proportion to its inputs`,
    );
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JsonSyntaxError(err instanceof Error ? err.message : String(err));
  }
}

/** A key's text from its JSON bytes (escapes resolved); undefined when they are not a JSON string. */
function keyOf(bytes: Buffer): string | undefined {
  try {
    const k: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof k === 'string' ? k : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a SARIF log's bytes from `stream` with a SarifSplitter (errors as its own: JsonSyntaxError where the text is
 * not JSON). A turn of the event loop between chunks: `signal` stops the reading there. The stream is destroyed.
 */
export async function splitSarifStream(stream: Readable, shown: string, signal?: AbortSignal): Promise<unknown> {
  const splitter = new SarifSplitter(shown);
  try {
    for await (const chunk of stream) {
      throwIfInterrupted(signal);
      splitter.feed(chunk as Buffer);
    }
    throwIfInterrupted(signal);
    return splitter.finish();
  } finally {
    stream.destroy();
  }
}
