// Pairs a log's results with a baseline's: by fingerprint, then by rule + module path + code, then a file moved inside its module.
import type { Result } from 'sarif';
import { fingerprintOf } from '../model/sarif-keys.js';
import { modulePathOf, normaliseText, textOf } from '../merge/fingerprint.js';

/**
 * How a current result was paired with a baseline result; the first that applies wins:
 * - "fingerprint": the same ossast fingerprint (rule, module, path inside the module, code, occurrence).
 * - "location": fingerprints differ (another occurrence number, or a baseline whose fingerprint was computed another
 *   way) but rule, module, path inside the module and whitespace-normalised code are the same; like sarif-multitool's
 *   match-results-forward, identical findings pair in position order.
 * - "moved": the file moved to another folder (or was renamed) inside its module: the same rule and module, another
 *   path, and the same file name and code, else the same code (compared exactly here). The same file name with other
 *   code is NOT a match: the flagged code changed, so for a gate it is a new finding. Only a unique match on both
 *   sides counts: two candidates that tie pair with nothing (they stay new and absent, never a wrong pair).
 */
export type MatchKind = 'fingerprint' | 'location' | 'moved';

/** How a pair matched, by its number in Matches.kinds. */
export const MATCH_KINDS: readonly MatchKind[] = ['fingerprint', 'location', 'moved'];

/** Arrays indexed by result, not maps: a million results make a million pairs. */
export interface Matches {
  /** For each current result (by index), the baseline result it pairs with (by index), or -1. */
  previous: Int32Array;
  /** For each paired current result, how it paired (an index into MATCH_KINDS). */
  kinds: Uint8Array;
  /** Baseline results nothing paired with, in their order. */
  unmatched: number[];
}

interface Key {
  rule: string;
  module: string;
  path: string;
  file: string;
  code: string;
}

const keyOf = (r: Result): Key => {
  const { module, path } = modulePathOf(r);
  return { rule: r.ruleId ?? r.rule?.id ?? '', module, path, file: path.slice(path.lastIndexOf('/') + 1), code: normaliseText(textOf(r)) };
};

/**
 * Whether two normalised snippets are the same code. A snippet ossast cut around the region on a long line ("…" at
 * the cut) is the same code as the whole line when its pieces appear in it in order (a baseline written before
 * snippets were cut has whole lines).
 */
export function sameCode(a: string, b: string): boolean {
  if (a === b) return true;
  const [cut, whole] = a.includes('…') ? [a, b] : [b, a];
  if (!cut.includes('…') || whole.includes('…')) return false;
  let from = 0;
  for (const piece of cut.split('…').map((p) => p.trim())) {
    if (!piece) continue;
    const at = whole.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** Indexes of `keys` grouped by `by`, in order; only those `keep` accepts. */
function groupBy(keys: Map<number, Key>, by: (k: Key) => string, keep: (i: number) => boolean = () => true): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [i, k] of keys) {
    if (!keep(i)) continue;
    const g = by(k);
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  return groups;
}

export function matchResults(current: Result[], previous: Result[]): Matches {
  const paired = new Int32Array(current.length).fill(-1);
  const kinds = new Uint8Array(current.length);
  const taken = new Uint8Array(previous.length);
  const pair = (c: number, p: number, kind: MatchKind) => {
    paired[c] = p;
    kinds[c] = MATCH_KINDS.indexOf(kind);
    taken[p] = 1;
  };
  const isPaired = (c: number) => paired[c]! >= 0;
  const isTaken = (p: number) => taken[p] === 1;

  // 1. The same fingerprint.
  const byFingerprint = new Map<string, number>();
  for (let i = 0; i < previous.length; i++) {
    const fp = fingerprintOf(previous[i]!);
    if (fp && !byFingerprint.has(fp)) byFingerprint.set(fp, i);
  }
  for (let c = 0; c < current.length; c++) {
    const p = byFingerprint.get(fingerprintOf(current[c]!) ?? '');
    if (p !== undefined && !isTaken(p)) {
      paired[c] = p;
      taken[p] = 1;
    }
  }

  // Keys are computed only for what is left: usually nothing.
  const left = (n: number, isFree: (i: number) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (isFree(i)) out.push(i);
    return out;
  };
  const curLeft = left(current.length, (c) => !isPaired(c));
  const prevLeft = left(previous.length, (p) => !isTaken(p));
  if (curLeft.length === 0 || prevLeft.length === 0) return { previous: paired, kinds, unmatched: prevLeft };
  const curKeys = new Map(curLeft.map((c) => [c, keyOf(current[c]!)]));
  const prevKeys = new Map(prevLeft.map((p) => [p, keyOf(previous[p]!)]));

  // 2. The same rule, module, path inside the module and code, in position order.
  const byPlace = groupBy(prevKeys, (k) => `${k.rule}\0${k.module}\0${k.path}\0${k.code}`);
  const cutByPlace = groupBy(prevKeys, (k) => `${k.rule}\0${k.module}\0${k.path}`);
  for (const [c, k] of curKeys) {
    const free = (p: number) => !isTaken(p);
    let same = byPlace.get(`${k.rule}\0${k.module}\0${k.path}\0${k.code}`)?.find(free);
    // A snippet cut on a long line against a baseline's whole line: compared piece by piece, in that file only.
    if (same === undefined && k.code.includes('…')) same = cutByPlace.get(`${k.rule}\0${k.module}\0${k.path}`)?.find((p) => free(p) && sameCode(k.code, prevKeys.get(p)!.code));
    if (same !== undefined) pair(c, same, 'location');
  }

  // 3. A file moved inside its module: tiers from the strongest evidence to the weakest, unique matches on both sides.
  const tiers: ((k: Key) => string)[] = [(k) => `${k.file}\0${k.code}`, (k) => k.code];
  for (const tier of tiers) {
    const group = (k: Key) => `${k.rule}\0${k.module}\0${tier(k)}`;
    const prevGroups = groupBy(prevKeys, group, (p) => !isTaken(p));
    const curGroups = groupBy(curKeys, group, (c) => !isPaired(c));
    for (const [c, k] of curKeys) {
      if (isPaired(c)) continue;
      const mine = (prevGroups.get(group(k)) ?? []).filter((p) => !isTaken(p) && prevKeys.get(p)!.path !== k.path);
      if (mine.length !== 1) continue;
      const there = prevKeys.get(mine[0]!)!.path;
      const theirs = (curGroups.get(group(k)) ?? []).filter((o) => !isPaired(o) && curKeys.get(o)!.path !== there);
      if (theirs.length === 1 && theirs[0] === c) pair(c, mine[0]!, 'moved');
    }
  }
  return { previous: paired, kinds, unmatched: prevLeft.filter((p) => !isTaken(p)) };
}
