// The one JSON reader for files ossast is given (scanner logs, SARIF inputs, manifests, baselines, cache entries):
// nesting is bounded before anything is built from the text, so that no input can make the outputs grow faster than
// the input (pretty-printed JSON nested d deep repeats d levels of indentation on each of its lines).
import { PipelineError } from './errors.js';

/** Builds the refusal (a PipelineError, exit 3, unless the caller's input is the user's own file: then exit 2). */
export type Refusal = (message: string, hint: string) => Error;

/**
 * The deepest nesting of arrays and objects accepted. SARIF itself nests about 15 deep (a code flow's location's
 * region's snippet); what is deeper sits in property bags, which ossast copies as they are.
 */
export const MAX_JSON_DEPTH = 64;

/** The JSON bytes the scanners of JSON text look for (json-depth, json-split). */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_ARRAY = 0x5b;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_ARRAY = 0x5d;
export const CLOSE_OBJECT = 0x7d;

/**
 * Follows JSON text chunk by chunk (bytes or a string: the bytes of a multi-byte UTF-8 character are never ASCII) and
 * throws as soon as arrays and objects nest deeper than `max`, outside strings. Linear, constant memory.
 */
export class JsonDepthGuard {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private offset = 0;

  constructor(
    private readonly shown: string,
    private readonly max = MAX_JSON_DEPTH,
    private readonly refuse: Refusal = (m, h) => new PipelineError(m, h),
  ) {}

  feed(chunk: string | Uint8Array): void {
    const text = typeof chunk === 'string';
    const n = chunk.length;
    const find = text ? (c: number, from: number) => chunk.indexOf(String.fromCharCode(c), from) : (c: number, from: number) => chunk.indexOf(c, from);
    // Inside a string only the next quote and the next backslash matter: found with indexOf (native), each position
    // remembered until passed, so that the whole chunk is still searched once (-1: none left in this chunk).
    let quote = -2;
    let slash = -2;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        if (quote !== -1 && quote < i) quote = find(QUOTE, i);
        if (slash !== -1 && slash < i) slash = find(BACKSLASH, i);
        if (slash !== -1 && (quote === -1 || slash < quote)) {
          // The escaped character is skipped (in the next chunk when the backslash ends this one).
          this.escaped = slash + 1 >= n;
          i = Math.min(n, slash + 2);
        } else if (quote === -1) i = n;
        else {
          this.inString = false;
          i = quote + 1;
        }
        continue;
      }
      const c = text ? chunk.charCodeAt(i) : chunk[i]!;
      i++;
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++this.depth > this.max) {
          throw this.refuse(
            `${this.shown} nests arrays and objects more than ${this.max} deep (at character ${this.offset + i}): it was not read`,
            `no scanner writes logs like this; ossast refuses JSON nested deeper than ${this.max} levels, so that its outputs stay in proportion to its inputs`,
          );
        }
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) this.depth--;
    }
    this.offset += n;
  }
}

/** Throws when `text` nests deeper than MAX_JSON_DEPTH (see JsonDepthGuard); call it before JSON.parse. */
export function checkJsonDepth(text: string | Uint8Array, shown: string, refuse?: Refusal): void {
  new JsonDepthGuard(shown, MAX_JSON_DEPTH, refuse).feed(text);
}

/** JSON.parse, once the text's nesting is checked; a syntax error is thrown as JSON.parse throws it. */
export function parseJson(text: string, shown: string): unknown {
  checkJsonDepth(text, shown);
  return JSON.parse(text);
}
