// Serialises a JSON value as string chunks, never as one string, passing every string (keys included) through `clean`.
import { randomUUID } from 'node:crypto';

export interface JsonChunkOptions {
  /** Spaces per level, as JSON.stringify's third argument; 0 writes compact JSON. */
  indent?: number;
  /** Applied to every string and key before it is escaped (redaction sees the text, not its JSON-escaped form). */
  clean?: (text: string) => string;
  /** Chunks are at least this many characters long (except the last). */
  chunkSize?: number;
  /**
   * Whether `clean` leaves every string in this JSON text as it is (no secret could be in it). Given, each object or
   * array inside an array is first written by JSON.stringify (about 5x faster than walking it here) and kept when
   * this says so; otherwise, and for elements holding a long array or nested too deep, it is walked.
   */
  cleanChangesNothing?: (json: string) => boolean;
}

/** Array elements written by one JSON.stringify call in compact JSON (see fastBatch). */
const BATCH = 256;

/** Elements with a member array longer than this are walked, not given to JSON.stringify (a run of a million
 *  results is longer than a string can hold: the attempt would be wasted). */
const FAST_MAX_MEMBER_ITEMS = 10_000;

/**
 * Deeper than this many levels, arrays and objects are written compact: indentation repeats every level above a line
 * on that line, so unbounded it makes the output grow with the square of the nesting (80 KB of nested arrays became
 * 3.2 GB). Capped, the output stays within a constant factor of the input. Logs as scanners write them nest about 15 deep.
 */
export const MAX_INDENT_LEVELS = 20;

type Frame = { kind: 'array'; items: readonly unknown[]; i: number; pad: string; batchFrom: number } | { kind: 'object'; obj: object; keys: string[]; i: number; pad: string; any: boolean };

/**
 * The same text as `JSON.stringify(value, null, indent)` down to MAX_INDENT_LEVELS, compact below (toJSON honoured, undefined and functions left out of objects
 * and written as null in arrays, non-finite numbers as null, a cycle refused), produced by an explicit stack so that
 * neither the depth nor the size of the value matters. A generator: it yields a chunk whenever `chunkSize` characters
 * are ready, so the caller can write them to disk with backpressure.
 */
export function* jsonChunks(value: unknown, opts: JsonChunkOptions = {}): Generator<string, void, undefined> {
  const clean = opts.clean ?? ((s: string) => s);
  const unit = ' '.repeat(Math.max(0, Math.min(10, opts.indent ?? 0)));
  const nl = unit ? '\n' : '';
  const colon = unit ? ': ' : ':';
  const size = opts.chunkSize ?? 64 * 1024;
  // Keys repeat (every result has the same few): each is cleaned and escaped once.
  const keyText = new Map<string, string>();
  const key = (k: string) => {
    let t = keyText.get(k);
    if (t === undefined) {
      t = JSON.stringify(clean(k)) + colon;
      if (keyText.size < 10_000) keyText.set(k, t);
    }
    return t;
  };
  const stack: Frame[] = [];
  const open = new Set<object>();
  let buf = '';

  /** Appends a primitive, or opens a container (pushing its frame), given a value already passed through toJSON.
   *  Returns false for values JSON leaves out (undefined, functions, symbols). */
  const emit = (v: unknown, pad: string): boolean => {
    switch (typeof v) {
      case 'string':
        buf += JSON.stringify(clean(v));
        return true;
      case 'number':
        buf += Number.isFinite(v) ? String(v) : 'null';
        return true;
      case 'boolean':
        buf += v ? 'true' : 'false';
        return true;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object': {
        if (v === null) {
          buf += 'null';
          return true;
        }
        if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
        open.add(v);
        if (Array.isArray(v)) {
          buf += '[';
          stack.push({ kind: 'array', items: v, i: 0, pad, batchFrom: 0 });
        } else {
          buf += '{';
          stack.push({ kind: 'object', obj: v, keys: Object.keys(v), i: 0, pad, any: false });
        }
        return true;
      }
      default:
        return false;
    }
  };

  const fast = opts.cleanChangesNothing;
  /** JSON.stringify's text of an array element at stack depth `depth`, indented from `pad`, or undefined to walk it. */
  const fastText = (v: unknown, depth: number, pad: string): string | undefined => {
    if (!fast || typeof v !== 'object' || v === null || 'toJSON' in v) return undefined;
    if (Array.isArray(v) ? v.length > FAST_MAX_MEMBER_ITEMS : hasLongArray(v)) return undefined;
    let text: string;
    try {
      text = JSON.stringify(v, null, unit);
    } catch {
      return undefined; // a cycle, a BigInt, a string too long: the walk says what is wrong, as it always did
    }
    if (!fast(text)) return undefined;
    if (!unit) return text;
    // Containers deeper than MAX_INDENT_LEVELS are compact in the walk: a line indented that deep means walk it.
    if (text.includes(`\n${unit.repeat(MAX_INDENT_LEVELS - depth + 1)}`)) return undefined;
    // Line breaks in JSON text are all between values (strings escape theirs).
    return pad ? text.replaceAll('\n', `\n${pad}`) : text;
  };

  /**
   * Compact JSON only: JSON.stringify's text of up to BATCH plain objects of an array from `from` (no brackets), or
   * undefined when one of them must be walked or `clean` could change the text (one call for many elements: a
   * million results written one call each took 1.5 s, twice JSON.stringify's time for the whole array).
   */
  const fastBatch = (items: readonly unknown[], from: number, count: number): string | undefined => {
    if (!fast || unit) return undefined;
    for (let k = from; k < from + count; k++) {
      const v = items[k];
      if (typeof v !== 'object' || v === null || Array.isArray(v) || 'toJSON' in v || hasLongArray(v)) return undefined;
    }
    let text: string;
    try {
      text = JSON.stringify(items.slice(from, from + count));
    } catch {
      return undefined;
    }
    return fast(text) ? text.slice(1, -1) : undefined;
  };

  if (!emit(resolve(value, ''), '')) return;
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    const depth = stack.length;
    // Below the cap: no line breaks, no indentation (the pad stays that of the last indented level).
    const indented = depth <= MAX_INDENT_LEVELS;
    const inner = indented ? f.pad + unit : f.pad;
    const lead = indented ? nl + inner : '';
    const tail = indented ? nl + f.pad : '';
    if (f.kind === 'array') {
      while (f.i < f.items.length && stack.length === depth && buf.length < size) {
        if (f.i >= f.batchFrom) {
          const count = Math.min(BATCH, f.items.length - f.i);
          const text = count > 1 ? fastBatch(f.items, f.i, count) : undefined;
          if (text !== undefined) {
            buf += (f.i ? ',' : '') + text;
            f.i += count;
            f.batchFrom = f.i;
            continue;
          }
          // One by one up to the end of the batch that could not be written whole.
          f.batchFrom = f.i + count;
        }
        buf += (f.i ? ',' : '') + lead;
        const item = resolve(f.items[f.i], String(f.i));
        const text = indented ? fastText(item, depth, inner) : undefined;
        if (text !== undefined) buf += text;
        else if (!emit(item, inner)) buf += 'null';
        f.i++;
      }
      if (stack.length === depth && f.i >= f.items.length) {
        buf += f.items.length ? tail + ']' : ']';
        open.delete(f.items);
        stack.pop();
      }
    } else {
      while (f.i < f.keys.length && stack.length === depth && buf.length < size) {
        const k = f.keys[f.i++]!;
        const v = resolve(Reflect.get(f.obj, k), k);
        // A member JSON leaves out is skipped before anything is written (cutting it off the chunk afterwards would
        // copy the whole chunk each time: a log with many undefined members took minutes).
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        buf += (f.any ? ',' : '') + lead + key(k);
        emit(v, inner);
        f.any = true;
      }
      if (stack.length === depth && f.i >= f.keys.length) {
        buf += f.any ? tail + '}' : '}';
        open.delete(f.obj);
        stack.pop();
      }
    }
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** Whether an object has a member array longer than FAST_MAX_MEMBER_ITEMS (a loop: no array of its values made). */
function hasLongArray(obj: object): boolean {
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    const m: unknown = Reflect.get(obj, k);
    if (Array.isArray(m) && m.length > FAST_MAX_MEMBER_ITEMS) return true;
  }
  return false;
}

/** A value as JSON.stringify sees it: toJSON() called when there is one. */
function resolve(v: unknown, key: string): unknown {
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function') return v.toJSON(key);
  return v;
}

/**
 * Compact JSON of `value` (a plain object, as JSON.stringify writes it) in chunks, its array member `key` written
 * `batch` elements at a time by JSON.stringify itself: for a SARIF run of a million results, whose JSON is longer
 * than a string can hold, at JSON.stringify's speed (jsonChunks walks every value in JavaScript).
 */
export function* compactJsonChunks(value: object, key: string, batch = 10_000): Generator<string, void, undefined> {
  const items: unknown = Reflect.get(value, key);
  if (!Array.isArray(items)) {
    yield JSON.stringify(value);
    return;
  }
  const [head, tail] = around(value, key);
  yield head;
  for (let i = 0; i < items.length; i += batch) {
    const part = JSON.stringify(items.slice(i, i + batch));
    yield (i ? ',' : '') + part.slice(1, -1);
  }
  yield tail;
}

/**
 * compactJsonChunks with the array member `key` written in another order: its element k at index `place[k]` of the
 * written array (`place` is a permutation of the indexes). The elements are serialised in the array's own order, the
 * order they lie in memory when a parser made them, `window` written indexes at a time: serialised in the written
 * order, each is a cache miss (a million SARIF results read in one order and written sorted took JSON.stringify 2-3x
 * as long). Elements are plain data (each is given to JSON.stringify on its own: a toJSON method would see key "").
 * A small window keeps the texts young (written before a garbage collection moves them to the old generation).
 */
export function* placedJsonChunks(value: object, key: string, place: ArrayLike<number>, window = 10_000): Generator<string, void, undefined> {
  const items: unknown = Reflect.get(value, key);
  if (!Array.isArray(items)) {
    yield JSON.stringify(value);
    return;
  }
  const n = items.length;
  if (place.length !== n) throw new RangeError(`placedJsonChunks: ${place.length} places for ${n} elements`);
  const [head, tail] = around(value, key);
  yield head;
  let buf = '';
  for (let lo = 0; lo < n; lo += window) {
    const hi = Math.min(n, lo + window);
    const texts = new Array<string | undefined>(hi - lo);
    for (let k = 0; k < n; k++) {
      const j = place[k]!;
      // undefined and functions: null, as JSON.stringify writes them in an array
      if (j >= lo && j < hi) texts[j - lo] = JSON.stringify(items[k]) ?? 'null';
    }
    for (let j = lo; j < hi; j++) {
      const text = texts[j - lo];
      if (text === undefined) throw new RangeError(`placedJsonChunks: no element is placed at ${j}`);
      buf += j ? `,${text}` : text;
      if (buf.length >= CHUNK) {
        yield buf;
        buf = '';
      }
    }
  }
  yield buf + tail;
}

/** Characters placedJsonChunks gathers before it yields them. */
const CHUNK = 1024 * 1024;

/** The compact JSON of `value` before and after the elements of its array member `key` (brackets included). */
function around(value: object, key: string): [string, string] {
  // The array's place in the text: a string no value can hold (random), where the array was (same key order).
  const marker = JSON.stringify(`ossast-array-${randomUUID()}`);
  const text = JSON.stringify({ ...value, [key]: JSON.parse(marker) });
  const at = text.indexOf(marker);
  return [`${text.slice(0, at)}[`, `]${text.slice(at + marker.length)}`];
}
