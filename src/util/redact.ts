// Keeps secrets (the LifeTime token, the cache key, values interpolated into non-public config fields) out of every
// output and every child process. Every text ossast shortens goes through `shorten`/`shortenEnd`, which redact first
// and cut after, so a cut never leaves part of a secret that redaction could no longer recognise.

const secrets = new Set<string>();
/** The registered forms, longest first, so a form that contains another is replaced whole. */
let ordered: string[] = [];

/** A run of this many consecutive characters of a registered form is a fragment of it, masked wherever it appears. */
export const FRAGMENT_CHARS = 12;
/** A form's prefix at the very end of a text, or its suffix at the very start, this long or longer is masked too: a
 *  text cut by someone else (a byte cap, a tail) may hold the first or last characters of a secret. */
export const EDGE_CHARS = 6;
const MASK = '***';

/** Hashes of every FRAGMENT_CHARS-long window of every form (a rolling hash finds them in one pass over a text). */
let windowHashes = new Set<number>();
/** A bit per hash value (its top BLOOM_BITS bits): most windows of a text are ruled out by one array read. */
const BLOOM_BITS = 20;
let bloom = new Uint8Array(0);
let windowTexts = new Set<string>();
/** Every form's first and last EDGE_CHARS..FRAGMENT_CHARS-1 characters, for the checks at a text's edges. */
let edgeStarts = new Set<string>();
let edgeEnds = new Set<string>();
/** The first two characters (as one number) of every edge piece, to rule most texts out before slicing them. */
let edgeStartPairs = new Set<number>();
let edgeEndPairs = new Set<number>();
const pair = (s: string, at: number) => s.charCodeAt(at) * 65536 + s.charCodeAt(at + 1);

/** Registers a value that must never be printed or written, with the forms it takes inside JSON strings and URLs.
 *  Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  const before = secrets.size;
  for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) secrets.add(form);
  if (secrets.size === before) return;
  ordered = [...secrets].sort((a, b) => b.length - a.length);
  plainRuns = [...new Set(ordered.map(longestPlainRun))];
  windowHashes = new Set();
  windowTexts = new Set();
  bloom = new Uint8Array(2 ** BLOOM_BITS / 8);
  for (const s of ordered) {
    for (let i = 0; i + FRAGMENT_CHARS <= s.length; i++) {
      const w = s.slice(i, i + FRAGMENT_CHARS);
      windowTexts.add(w);
      const h = hashOf(w, 0);
      windowHashes.add(h);
      bloom[h >>> (32 - BLOOM_BITS + 3)]! |= 1 << ((h >>> (32 - BLOOM_BITS)) & 7);
    }
  }
  edgeStarts = new Set();
  edgeEnds = new Set();
  edgeStartPairs = new Set();
  edgeEndPairs = new Set();
  for (const s of ordered) {
    for (let k = EDGE_CHARS; k < Math.min(FRAGMENT_CHARS, s.length); k++) {
      edgeStarts.add(s.slice(0, k));
      edgeEnds.add(s.slice(s.length - k));
      edgeStartPairs.add(pair(s, 0));
      edgeEndPairs.add(pair(s, s.length - k));
    }
  }
}

const B = 31;
/** B^(FRAGMENT_CHARS-1) mod 2^32, to take a character out of the rolling hash. */
const TOP = (() => {
  let p = 1;
  for (let i = 1; i < FRAGMENT_CHARS; i++) p = Math.imul(p, B);
  return p;
})();
function hashOf(s: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + FRAGMENT_CHARS; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

/** The ranges of `text` that are fragments of a secret (runs of FRAGMENT_CHARS or more of a form; a form's start at
 *  the text's end or its end at the text's start), in order and merged; undefined when there is none. */
function fragmentRanges(text: string): [number, number][] | undefined {
  let ranges: [number, number][] | undefined;
  const add = (from: number, to: number) => {
    const last = ranges?.[ranges.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else (ranges ??= []).push([from, to]);
  };
  // The edges (longer pieces hold a window, found below).
  const longest = Math.min(FRAGMENT_CHARS - 1, text.length);
  if (edgeEndPairs.has(pair(text, 0))) {
    for (let k = longest; k >= EDGE_CHARS; k--) {
      if (edgeEnds.has(text.slice(0, k))) {
        add(0, k);
        break;
      }
    }
  }
  const n = text.length;
  if (n >= FRAGMENT_CHARS) {
    let h = hashOf(text, 0);
    const shift = 32 - BLOOM_BITS;
    for (let i = 0; ; i++) {
      if (bloom[h >>> (shift + 3)]! & (1 << ((h >>> shift) & 7)) && windowHashes.has(h) && windowTexts.has(text.slice(i, i + FRAGMENT_CHARS))) add(i, i + FRAGMENT_CHARS);
      if (i + FRAGMENT_CHARS >= n) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), TOP), B) + text.charCodeAt(i + FRAGMENT_CHARS)) | 0;
    }
  }
  for (let k = longest; k >= EDGE_CHARS; k--) {
    if (edgeStartPairs.has(pair(text, n - k)) && edgeStarts.has(text.slice(n - k))) {
      add(n - k, n);
      break;
    }
  }
  return ranges;
}

/**
 * Replaces every registered secret with "***", then every fragment of one (a run of FRAGMENT_CHARS or more of its
 * characters, or EDGE_CHARS or more of its start at the text's end or of its end at the text's start), and bearer
 * tokens in general. For messages, log lines, errors, tails and every shortened text.
 */
export function redact(text: string): string {
  let out = redactWhole(text);
  if (ordered.length && out.length >= EDGE_CHARS) {
    const ranges = fragmentRanges(out);
    if (ranges) {
      let masked = '';
      let at = 0;
      for (const [from, to] of ranges) {
        masked += out.slice(at, from) + MASK;
        at = to;
      }
      out = masked + out.slice(at);
    }
  }
  return out;
}

/**
 * Whole secrets (every registered form) and bearer tokens only: for the strings of bulk outputs (SARIF and JSON
 * streams), where looking for fragments would cost about 20 ns per character (measured: 40 MB in 0.7-1.6 s) and where
 * no text was cut before redaction. Every text that ossast cuts goes through `shorten`, which redacts fragments too.
 */
export function redactWhole(text: string): string {
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(MASK);
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***');
}

/** The longest run of each registered form that JSON.stringify writes unchanged (see redactsNothingInJson). */
let plainRuns: string[] = [];
const BEARER = 'Bearer';

/** The longest run of characters JSON.stringify leaves as they are: no quote, backslash, control or surrogate. */
function longestPlainRun(s: string): string {
  let best = '';
  for (const run of s.split(/["\\\u0000-\u001f\ud800-\udfff]/)) if (run.length > best.length) best = run;
  return best;
}

/**
 * Whether redactWhole would leave every string in this JSON text (JSON.stringify's output, keys included) as it is.
 * A string holding a form holds its longest plain run, which JSON.stringify writes unchanged, so a text without any
 * form's run and without "Bearer" needs no redaction (the run is the whole form for tokens and keys: one `includes`).
 */
export function redactsNothingInJson(json: string): boolean {
  if (json.includes(BEARER)) return false;
  for (const run of plainRuns) if (json.includes(run)) return false;
  return true;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The one way ossast shortens a text it shows or writes: redacted first, then cut to at most `max` characters (UTF-16
 * code units, `mark` included), never inside a surrogate pair or a "***" mask. Cutting first would leave part of a
 * secret that redaction no longer recognises.
 */
export function shorten(text: string, max: number, mark = '…', opts: { codePoints?: boolean } = {}): string {
  const clean = redact(text);
  if (clean.length <= max) return clean;
  if (opts.codePoints) {
    const chars = Array.from(clean.length > max * 2 ? clean.slice(0, max * 2) : clean);
    if (chars.length <= max && clean.length <= max * 2) return clean;
    let keep = Math.max(0, max - Array.from(mark).length);
    while (keep > 0 && chars[keep - 1] === '*' && chars[keep] === '*') keep--;
    return chars.slice(0, keep).join('') + mark;
  }
  let end = Math.max(0, max - mark.length);
  if (end > 0 && isHigh(clean.charCodeAt(end - 1))) end--;
  while (end > 0 && clean[end - 1] === '*' && clean[end] === '*') end--;
  return clean.slice(0, end) + mark;
}

/** Like `shorten`, keeping the end of the text (a tail), the mark in front. */
export function shortenEnd(text: string, max: number, mark = '…'): string {
  const clean = redact(text);
  if (clean.length <= max) return clean;
  let start = clean.length - Math.max(0, max - mark.length);
  if (start < clean.length && isLow(clean.charCodeAt(start))) start++;
  while (start < clean.length && clean[start] === '*' && clean[start - 1] === '*') start++;
  return mark + clean.slice(start);
}

/** The last `lines` lines of a text, redacted before they are picked. */
export function lastLines(text: string, lines: number): string {
  return redact(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/** Variables that hold secrets by their name, registered or not (bin/seal-env.js seals the same ones away). */
const SECRET_NAMES = new Set(['LIFETIME_TOKEN', 'OSSAST_CACHE_KEY', 'OSSAST_SEALED_SECRETS']);

/** The environment without any variable that holds a registered secret, nor one named as holding one (LIFETIME_TOKEN,
 *  OSSAST_CACHE_KEY, those OSSAST_SECRET_VARS names): what a child process (a scanner) gets. */
export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const named = new Set([...SECRET_NAMES, ...(env['OSSAST_SECRET_VARS'] ?? '').split(/[\s,]+/)]);
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => !named.has(k) && (v === undefined || !ordered.some((s) => v.includes(s)))));
}
