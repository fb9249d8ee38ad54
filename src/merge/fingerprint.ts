// ossast's result fingerprint: stable across machines and reruns, blind to lines moving above the finding.
import type { Result, Run } from 'sarif';
import { FINGERPRINT_KEY, type GITHUB_FINGERPRINT_KEY } from '../model/sarif-keys.js';
import type { Annotate } from './code-context.js';
import { compareText } from '../util/compare.js';
import { sha256Hex } from '../util/hash.js';

/** Whitespace-insensitive: indentation, line endings and spacing changes do not change the identity. */
export const normaliseText = (text: string): string =>
  // Most snippets are already normal (single spaces, nothing around): testing is much cheaper than replacing.
  /[^\S ]|\s\s|^\s|\s$/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;

/**
 * The fingerprint is `<base>:<occurrence>`: base hashes the tool, the rule, the module name, the path inside the
 * module and the flagged code (whitespace-normalised; the message when no code is known), and occurrence numbers
 * results with the same base in position order (0, 1, ...). No line numbers: a finding keeps its fingerprint when
 * lines move. No application folder, archive name, `.vN` suffix, LifeTime key or output folder: renaming or
 * re-versioning a package keeps every fingerprint.
 */
function baseHash(tool: string, ruleId: string, where: ModulePath, text: string): string {
  return sha256Hex(`${tool}\0${ruleId}\0${where.module}\0${where.path}\0${normaliseText(text)}`).slice(0, 32);
}

/** Where a finding is, independent of where its package was extracted: its module and the path inside it. */
export interface ModulePath {
  /** The module's name ("" when the result lies in no known module: then `path` is the whole path). */
  module: string;
  path: string;
}

/**
 * A result's module and path inside the module, from the target merge recorded (`ossast/target` is the module's folder
 * under the source root, `ossast/module` its name). A result outside every target keeps its whole path.
 */
export function modulePathOf(result: Result): ModulePath {
  const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  const target = result.properties?.['ossast/target'];
  const module = result.properties?.['ossast/module'];
  if (typeof target === 'string' && typeof module === 'string' && target && uri.startsWith(`${target}/`)) return { module, path: uri.slice(target.length + 1) };
  return { module: '', path: uri };
}

/** The code a result points at: from its file (annotate), else its snippet, else its message. */
export function textOf(result: Result, annotate?: Annotate): string {
  const fromFile = annotate?.(result);
  if (fromFile !== undefined) return fromFile;
  return result.locations?.[0]?.physicalLocation?.region?.snippet?.text || (result.message.text ?? '');
}

/** Returns a run whose results all carry ossast's fingerprint (under FINGERPRINT_KEY and GITHUB_FINGERPRINT_KEY). */
export function withFingerprints(run: Run): Run {
  const results = (run.results ?? []).map((r) => ({ ...r }));
  assignFingerprints(results, run.tool.driver.name);
  return { ...run, results };
}

/** Sets the fingerprints on results the caller owns; their order is kept. */
function assignFingerprints(results: Result[], tool: string): void {
  for (const _ of fingerprintSteps(results, positionOrder(readKeys(results, false)), tool, false));
}

/**
 * Fingerprints results the caller owns and returns them in position order (file, line, column, rule), each finding
 * once: a result with the same rule, region and message as one before it is left out (before it could take an
 * occurrence number).
 */
export function fingerprintUnique(results: Result[], tool: string, annotate?: Annotate, opts: { keepMasked?: boolean } = {}): Result[] {
  return fingerprintUniqueBoth(results, tool, annotate, opts).inPositionOrder;
}

/**
 * fingerprintUnique, and the same results in their input order too: the order they lie in memory, in which a pass
 * that needs no particular order reads them fastest (in position order each result is a cache miss).
 */
export function fingerprintUniqueBoth(results: Result[], tool: string, annotate?: Annotate, opts: { keepMasked?: boolean } = {}): { inPositionOrder: Result[]; inInputOrder: Result[] } {
  const keys = readKeys(results, true);
  // Duplicates are left out first, on the tool's own regions (annotate may rewrite columns).
  const kept = withoutRepeats(keys, positionOrder(keys));
  const keepMasked = Boolean(opts.keepMasked);
  const out = new Array<Result>(kept.length);
  if (annotate) {
    // Annotate reads the files in position order (one file in memory at a time).
    const seen = new Map<string, number>();
    for (let j = 0; j < kept.length; j++) fingerprintOne((out[j] = results[kept[j]!]!), seen, tool, annotate, keepMasked);
  } else for (const _ of fingerprintSteps(results, kept, tool, keepMasked));
  for (let j = 0; j < kept.length; j++) out[j] = results[kept[j]!]!;
  const isKept = new Uint8Array(results.length);
  for (const i of kept) isKept[i] = 1;
  const inInputOrder: Result[] = [];
  for (let i = 0; i < results.length; i++) if (isKept[i]) inInputOrder.push(results[i]!);
  return { inPositionOrder: out, inInputOrder };
}

/**
 * What the position order and the duplicate check read of each result, read once in the results' own order: files
 * and rules as ranks (their text order among the distinct ones), so that comparisons are of numbers (text compared at
 * each of the ~20 million comparisons of a million results took 6.5 s).
 */
interface Keys {
  n: number;
  uris: Uint32Array;
  rules: Uint32Array;
  /** Start line and column, 0 when absent (for the order). */
  lines: Float64Array;
  cols: Float64Array;
  /** Bits of what is absent: ABSENT_URI, ABSENT_LINE, ABSENT_COLUMN, ABSENT_RULE_ID (the duplicate check tells them apart). */
  absent: Uint8Array;
  /** Only for the duplicate check: end line and column (NaN when absent) and message text. */
  ends?: { lines: Float64Array; cols: Float64Array; messages: string[] };
}

const ABSENT_URI = 1;
const ABSENT_LINE = 2;
const ABSENT_COLUMN = 4;
const ABSENT_RULE_ID = 8;

function readKeys(results: Result[], withEnds: boolean): Keys {
  const n = results.length;
  const keys: Keys = { n, uris: new Uint32Array(n), rules: new Uint32Array(n), lines: new Float64Array(n), cols: new Float64Array(n), absent: new Uint8Array(n) };
  const ends = withEnds ? { lines: new Float64Array(n), cols: new Float64Array(n), messages: new Array<string>(n) } : undefined;
  if (ends) keys.ends = ends;
  const uriIds = new Map<string, number>();
  const ruleIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, text: string) => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
  for (let i = 0; i < n; i++) {
    const r = results[i]!;
    const pl = r.locations?.[0]?.physicalLocation;
    const uri = pl?.artifactLocation?.uri;
    const g = pl?.region;
    keys.uris[i] = idOf(uriIds, uri ?? '');
    keys.rules[i] = idOf(ruleIds, r.ruleId ?? r.rule?.id ?? '');
    keys.lines[i] = g?.startLine ?? 0;
    keys.cols[i] = g?.startColumn ?? 0;
    keys.absent[i] = (uri === undefined ? ABSENT_URI : 0) | (g?.startLine === undefined ? ABSENT_LINE : 0) | (g?.startColumn === undefined ? ABSENT_COLUMN : 0) | (r.ruleId === undefined ? ABSENT_RULE_ID : 0);
    if (ends) {
      ends.lines[i] = g?.endLine ?? Number.NaN;
      ends.cols[i] = g?.endColumn ?? Number.NaN;
      ends.messages[i] = r.message.text ?? '';
    }
  }
  const rank = (ids: Map<string, number>, of: Uint32Array) => {
    const ranks = new Uint32Array(ids.size);
    [...ids.keys()].sort(compareText).forEach((text, r) => {
      ranks[ids.get(text)!] = r;
    });
    for (let i = 0; i < n; i++) of[i] = ranks[of[i]!]!;
  };
  rank(uriIds, keys.uris);
  rank(ruleIds, keys.rules);
  return keys;
}

/**
 * Indexes of results ordered by file, line, column and rule, then input order (stable): a stable counting sort per
 * key, the least significant first (a comparison sort of a million results took 0.4-0.7 s), or a comparison sort when
 * lines or columns spread too wide for counting.
 */
function positionOrder({ n, uris, lines, cols, rules }: Keys): Uint32Array {
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (const key of [rules, cols, lines, uris]) {
    const next = countingSort(order, key);
    if (!next) return order.sort((a, b) => uris[a]! - uris[b]! || lines[a]! - lines[b]! || cols[a]! - cols[b]! || rules[a]! - rules[b]! || a - b);
    order = next;
  }
  return order;
}

/** `order` stably sorted by `key` (whole numbers, by result index), or undefined when their range is too wide to count. */
function countingSort(order: Uint32Array, key: Uint32Array | Float64Array): Uint32Array | undefined {
  const n = order.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  // Over every key (`order` may list only some): read in order, and a wider range only costs a larger count.
  for (let i = 0; i < key.length; i++) {
    const k = key[i]!;
    if (!Number.isInteger(k)) return undefined;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (n === 0 || min === max) return order;
  if (max - min > Math.max(1 << 16, 4 * n)) return undefined;
  const starts = new Uint32Array(max - min + 2);
  if (n === key.length) for (let i = 0; i < n; i++) starts[key[i]! - min + 1]!++;
  else for (let j = 0; j < n; j++) starts[key[order[j]!]! - min + 1]!++;
  for (let v = 1; v < starts.length; v++) starts[v]! += starts[v - 1]!;
  const out = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    out[starts[key[i]! - min]!++] = i;
  }
  return out;
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Groups larger than this look their members up in a map; smaller ones are scanned (no allocation). */
const SCAN_GROUP = 16;

/**
 * The indexes in `order` of results that repeat no result before them: same rule, file, region and message. Repeats
 * sit in one group of the same file, start and rule (consecutive in position order); within a large group, the ends
 * and messages met so far are looked up, not scanned (a scan made a group of many results with different messages
 * quadratic: 10 s at 1,000,000 results of 6,000 groups, and any one file, line and rule with a million results would
 * never end).
 */
function withoutRepeats(keys: Keys, order: Uint32Array): number[] {
  const { uris, rules, lines, cols, absent } = keys;
  const ends = keys.ends!;
  const kept: number[] = [];
  let first = 0; // where the current group starts in `kept`
  let met: Map<string, Set<string>> | undefined;
  const endOf = (i: number) => `${ends.lines[i]}:${ends.cols[i]}`;
  const meet = (i: number) => {
    const set = met!.get(ends.messages[i]!);
    if (set) set.add(endOf(i));
    else met!.set(ends.messages[i]!, new Set([endOf(i)]));
  };
  let prev = -1;
  for (const i of order) {
    const sameGroup =
      prev >= 0 &&
      uris[i] === uris[prev] &&
      lines[i] === lines[prev] &&
      cols[i] === cols[prev] &&
      (absent[i]! & ~ABSENT_RULE_ID) === (absent[prev]! & ~ABSENT_RULE_ID) &&
      // Without a ruleId results are one group (the rule reference is not compared), with one the ids must match.
      (absent[i]! & ABSENT_RULE_ID ? (absent[prev]! & ABSENT_RULE_ID) !== 0 : (absent[prev]! & ABSENT_RULE_ID) === 0 && rules[i] === rules[prev]);
    prev = i;
    if (!sameGroup) {
      first = kept.length;
      met = undefined;
    }
    let repeat = false;
    if (met) repeat = met.get(ends.messages[i]!)?.has(endOf(i)) ?? false;
    else
      for (let k = first; k < kept.length && !repeat; k++) {
        const o = kept[k]!;
        repeat = sameNumber(ends.lines[o]!, ends.lines[i]!) && sameNumber(ends.cols[o]!, ends.cols[i]!) && ends.messages[o] === ends.messages[i];
      }
    if (repeat) continue;
    kept.push(i);
    if (met) meet(i);
    else if (kept.length - first > SCAN_GROUP) {
      met = new Map();
      for (let k = first; k < kept.length; k++) meet(kept[k]!);
    }
  }
  return kept;
}

const fingerprintProps = (fp: string) => ({ [FINGERPRINT_KEY]: fp, primaryLocationLineHash: fp }) satisfies Record<typeof FINGERPRINT_KEY | typeof GITHUB_FINGERPRINT_KEY, string>;

const setFingerprint = (r: Result, fp: string) => {
  const props = fingerprintProps(fp);
  r.partialFingerprints = r.partialFingerprints ? { ...r.partialFingerprints, ...props } : props;
};

/** A result whose secret ossast masked earlier no longer holds the text its fingerprint came from: that one is kept
 *  (and its masked snippet: the file would give the secret back). */
const maskedFingerprint = (r: Result) => (r.properties?.['ossast/secret-masked'] === true ? r.partialFingerprints?.[FINGERPRINT_KEY] : undefined);

/** A result's base hash: its tool, rule, module path and code. */
const baseOf = (r: Result, tool: string, annotate?: Annotate) => baseHash(tool, r.ruleId ?? r.rule?.id ?? '', modulePathOf(r), textOf(r, annotate));

/** Sets one result's fingerprint; `seen` counts the bases met so far in position order. */
function fingerprintOne(r: Result, seen: Map<string, number>, tool: string, annotate: Annotate | undefined, keepMasked: boolean): void {
  const earlier = keepMasked ? maskedFingerprint(r) : undefined;
  const base = baseOf(r, tool, earlier === undefined ? annotate : undefined);
  const k = seen.get(base) ?? 0;
  seen.set(base, k + 1);
  setFingerprint(r, earlier ?? `${base}:${k}`);
}

/** Results fingerprinted between two turns of the event loop in withFingerprintsPausing (some 50 ms of work). */
const PAUSE_EVERY = 20_000;

/**
 * withFingerprints, calling `pause` (which gives the event loop a turn, and may throw to stop) every few thousand
 * results: a signal can stop the fingerprinting of a run of a million results (seconds of hashing). With `owned`, the
 * run's own results are given their fingerprints (the caller owns them and reads them from the returned run).
 */
export async function withFingerprintsPausing(run: Run, pause: () => Promise<void>, opts: { owned?: boolean } = {}): Promise<Run> {
  // `owned`: the caller's results, set in place (copying a million results cost 1.5 s of a gate, and as much again in
  // garbage collection).
  const results = opts.owned ? (run.results ?? []) : (run.results ?? []).map((r) => ({ ...r }));
  const tool = run.tool.driver.name;
  const steps = fingerprintSteps(results, positionOrder(readKeys(results, false)), tool, false);
  await pause();
  while (!steps.next().done) await pause();
  return { ...run, results };
}

/**
 * Sets the fingerprints of the results `order` lists (in position order), yielding every PAUSE_EVERY results. Results
 * lie in memory in their input order, and are read and given their fingerprints in that order (three passes): in
 * position order every result is a cache miss (1 s of a merge of 1,000,000 results), and what is made for each
 * (hash, fingerprint, its object) lies scattered (writing the log took twice as long: 4.0 s against 1.9 s of
 * JSON.stringify). Occurrences are counted on the bases' 128 bits as numbers, grouped by a counting sort on their
 * first 32 (a map of a million base strings cost 0.6 s).
 */
function* fingerprintSteps(results: Result[], order: ArrayLike<number> & Iterable<number>, tool: string, keepMasked: boolean): Generator<void, void, undefined> {
  const n = results.length;
  const listed = order.length === n ? undefined : new Uint8Array(n);
  if (listed) for (const i of order) listed[i] = 1;
  const bases = new Array<string>(n);
  const words = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)] as const;
  const earlier = keepMasked ? new Array<string | undefined>(n) : undefined;
  for (let i = 0; i < n; i++) {
    if (listed && !listed[i]) continue;
    const r = results[i]!;
    const base = baseOf(r, tool);
    bases[i] = base;
    words[0][i] = hexWord(base, 0);
    words[1][i] = hexWord(base, 8);
    words[2][i] = hexWord(base, 16);
    words[3][i] = hexWord(base, 24);
    if (earlier) earlier[i] = maskedFingerprint(r);
    if (i % PAUSE_EVERY === 0) yield;
  }
  yield;
  const occurrence = occurrences(Uint32Array.from(order), bases, words);
  yield;
  for (let i = 0; i < n; i++) {
    if (listed && !listed[i]) continue;
    setFingerprint(results[i]!, earlier?.[i] ?? `${bases[i]}:${occurrence[i]}`);
    if (i % PAUSE_EVERY === 0) yield;
  }
}

/** A base's 32 bits from `at` (8 lower-case hex digits). */
function hexWord(hex: string, at: number): number {
  let v = 0;
  for (let k = at; k < at + 8; k++) {
    const c = hex.charCodeAt(k);
    v = v * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return v;
}

/** Groups up to this size are counted by comparing their members; larger ones with a map. */
const SCAN_BASES = 64;

/**
 * For each result `order` lists (in position order), how many results before it in that order have the same base.
 * Results are grouped by their base's first word (two stable counting sorts of 16 bits keep the position order in
 * each group), then told apart within a group by the other three.
 */
function occurrences(order: Uint32Array, bases: string[], words: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array]): Uint32Array {
  const [w0, w1, w2, w3] = words;
  const low = new Uint32Array(w0.length);
  const high = new Uint32Array(w0.length);
  for (let i = 0; i < w0.length; i++) {
    low[i] = w0[i]! & 0xffff;
    high[i] = w0[i]! >>> 16;
  }
  const grouped = countingSort(countingSort(order, low)!, high)!;
  const occurrence = new Uint32Array(w0.length);
  const m = grouped.length;
  for (let from = 0; from < m; ) {
    const first = w0[grouped[from]!]!;
    let to = from + 1;
    while (to < m && w0[grouped[to]!] === first) to++;
    if (to - from > SCAN_BASES) {
      const seen = new Map<string, number>();
      for (let a = from; a < to; a++) {
        const i = grouped[a]!;
        const k = seen.get(bases[i]!) ?? 0;
        seen.set(bases[i]!, k + 1);
        occurrence[i] = k;
      }
    } else
      for (let a = from + 1; a < to; a++) {
        const i = grouped[a]!;
        let k = 0;
        for (let b = from; b < a; b++) {
          const j = grouped[b]!;
          if (w1[j] === w1[i] && w2[j] === w2[i] && w3[j] === w3[i]) k++;
        }
        occurrence[i] = k;
      }
    from = to;
  }
  return occurrence;
}
