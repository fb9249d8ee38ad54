// Accuracy of suppression against an annotated corpus: "expect: fp|tp <kind>" on the line above each planted finding.
import type { Log } from 'sarif';
import { isSuppressed, primaryPath } from '../merge/conventions.js';

export interface Expectation {
  /** Path relative to the source root, as in the SARIF log. */
  path: string;
  line: number;
  truth: 'fp' | 'tp';
  kind: string;
}

export interface Accuracy {
  fp: { total: number; suppressed: number; missed: Expectation[] };
  tp: { total: number; suppressed: number; wronglySuppressed: Expectation[] };
  /** Expectations no result was reported for (the corpus or the rules are broken). */
  unreported: Expectation[];
}

/** Reads "expect:" annotations; the expected finding is on the next line. */
export function expectationsIn(path: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /expect:\s*(fp|tp)\s+([\w-]+)/.exec(line);
    if (m) out.push({ path, line: i + 2, truth: m[1] === 'fp' ? 'fp' : 'tp', kind: m[2]! });
  });
  return out;
}

export function measureAccuracy(log: Log, expectations: Expectation[]): Accuracy {
  const results = log.runs.flatMap((r) => r.results ?? []);
  const at = (e: Expectation) => results.filter((r) => primaryPath(r) === e.path && r.locations?.[0]?.physicalLocation?.region?.startLine === e.line);
  const acc: Accuracy = { fp: { total: 0, suppressed: 0, missed: [] }, tp: { total: 0, suppressed: 0, wronglySuppressed: [] }, unreported: [] };
  for (const e of expectations) {
    const hits = at(e);
    if (hits.length === 0) {
      acc.unreported.push(e);
      continue;
    }
    const suppressed = hits.every(isSuppressed);
    if (e.truth === 'fp') {
      acc.fp.total++;
      if (suppressed) acc.fp.suppressed++;
      else acc.fp.missed.push(e);
    } else {
      acc.tp.total++;
      if (hits.some(isSuppressed)) {
        acc.tp.suppressed++;
        acc.tp.wronglySuppressed.push(e);
      }
    }
  }
  return acc;
}
