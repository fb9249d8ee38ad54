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
  fingerprintInOrder(results, positionOrder(results), tool, undefined, false);
}

/**
 * Fingerprints results the caller owns and returns them in position order (file, line, column, rule), each finding
 * once: a result with the same rule, region and message as one before it is left out (before it could take an
 * occurrence number).
 */
export function fingerprintUnique(results: Result[], tool: string, annotate?: Annotate, opts: { keepMasked?: boolean } = {}): Result[] {
  return fingerprintInOrder(results, positionOrder(results), tool, annotate, true, Boolean(opts.keepMasked));
}

/** Indexes of results ordered by file, line, column and rule, then input order (stable). */
function positionOrder(results: Result[]): number[] {
  const n = results.length;
  // Files and rules as ranks (their text order among the distinct ones): the comparison is then one of numbers. Text
  // compared at each of the ~20 million comparisons of a million results took 6.5 s.
  const uris = new Uint32Array(n);
  const rules = new Uint32Array(n);
  const lines = new Float64Array(n);
  const cols = new Float64Array(n);
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
    uris[i] = idOf(uriIds, pl?.artifactLocation?.uri ?? '');
    rules[i] = idOf(ruleIds, r.ruleId ?? r.rule?.id ?? '');
    lines[i] = pl?.region?.startLine ?? 0;
    cols[i] = pl?.region?.startColumn ?? 0;
  }
  const rank = (ids: Map<string, number>) => {
    const out = new Uint32Array(ids.size);
    [...ids.keys()].sort(compareText).forEach((text, r) => {
      out[ids.get(text)!] = r;
    });
    return out;
  };
  const uriRank = rank(uriIds);
  const ruleRank = rank(ruleIds);
  for (let i = 0; i < n; i++) {
    uris[i] = uriRank[uris[i]!]!;
    rules[i] = ruleRank[rules[i]!]!;
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => uris[a]! - uris[b]! || lines[a]! - lines[b]! || cols[a]! - cols[b]! || rules[a]! - rules[b]! || a - b);
}

const fingerprintProps = (fp: string) => ({ [FINGERPRINT_KEY]: fp, primaryLocationLineHash: fp }) satisfies Record<typeof FINGERPRINT_KEY | typeof GITHUB_FINGERPRINT_KEY, string>;

// Occurrences are counted in position order, so the n-th identical snippet in a file keeps its number.
function fingerprintInOrder(results: Result[], order: number[], tool: string, annotate: Annotate | undefined, dedupe: boolean, keepMasked = false): Result[] {
  const seen = new Map<string, number>();
  // Duplicates are left out first, on the tool's own regions (annotate may rewrite columns).
  const kept: Result[] = [];
  const repeats = dedupe ? repeatFinder() : () => false;
  for (const i of order) {
    const r = results[i]!;
    if (!repeats(r)) kept.push(r);
  }
  for (const r of kept) fingerprintOne(r, seen, tool, annotate, keepMasked);
  return kept;
}

/** A result's base hash: its tool, rule, module path and code. */
const baseOf = (r: Result, tool: string, annotate?: Annotate) => baseHash(tool, r.ruleId ?? r.rule?.id ?? '', modulePathOf(r), textOf(r, annotate));

/** Sets one result's fingerprint; `seen` counts the bases met so far in position order. */
function fingerprintOne(r: Result, seen: Map<string, number>, tool: string, annotate: Annotate | undefined, keepMasked: boolean): void {
  // A result whose secret ossast masked earlier no longer holds the text its fingerprint came from: keep that one
  // (and its masked snippet: the file would give the secret back).
  const earlier = keepMasked && r.properties?.['ossast/secret-masked'] === true ? r.partialFingerprints?.[FINGERPRINT_KEY] : undefined;
  const base = baseOf(r, tool, earlier === undefined ? annotate : undefined);
  const k = seen.get(base) ?? 0;
  seen.set(base, k + 1);
  const props = fingerprintProps(earlier ?? `${base}:${k}`);
  r.partialFingerprints = r.partialFingerprints ? { ...r.partialFingerprints, ...props } : props;
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
  const n = results.length;
  // Three passes, so that what is made for each result (hash, fingerprint, its object) is allocated in the results'
  // order, the order they are written in: made in position order, they lay scattered in memory and writing the log
  // took twice as long (1,000,000 results: 4.0 s against 1.9 s of JSON.stringify).
  const bases = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (i % PAUSE_EVERY === 0) await pause();
    bases[i] = baseOf(results[i]!, tool);
  }
  const order = positionOrder(results);
  const occurrence = new Uint32Array(n);
  const seen = new Map<string, number>();
  for (let j = 0; j < n; j++) {
    if (j % PAUSE_EVERY === 0) await pause();
    const base = bases[order[j]!]!;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    occurrence[order[j]!] = k;
  }
  for (let i = 0; i < n; i++) {
    if (i % PAUSE_EVERY === 0) await pause();
    const r = results[i]!;
    const props = fingerprintProps(`${bases[i]}:${occurrence[i]}`);
    r.partialFingerprints = r.partialFingerprints ? { ...r.partialFingerprints, ...props } : props;
  }
  return { ...run, results };
}

/**
 * Whether a result repeats one met before it: same rule, file, region and message. Results come in position order, so
 * repeats sit in one group of the same file, start and rule; within the group, the ends and messages met so far are
 * looked up, not scanned (a scan made a group of many results with different messages quadratic: 10 s at 1,000,000
 * results of 6,000 groups, and any one file, line and rule with a million results would never end).
 */
function repeatFinder(): (r: Result) => boolean {
  let group: { uri: string | undefined; line: number | undefined; column: number | undefined; rule: string | undefined } | undefined;
  let met = new Map<string, Set<string>>();
  return (r) => {
    const pl = r.locations?.[0]?.physicalLocation;
    const g = pl?.region;
    const uri = pl?.artifactLocation?.uri;
    if (!group || group.uri !== uri || group.line !== g?.startLine || group.column !== g?.startColumn || group.rule !== r.ruleId) {
      group = { uri, line: g?.startLine, column: g?.startColumn, rule: r.ruleId };
      met = new Map();
    }
    const message = r.message.text ?? '';
    const end = `${g?.endLine}:${g?.endColumn}`;
    const ends = met.get(message);
    if (ends?.has(end)) return true;
    if (ends) ends.add(end);
    else met.set(message, new Set([end]));
    return false;
  };
}
