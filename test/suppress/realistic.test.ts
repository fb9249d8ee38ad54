// The realistic corpus (small size) scanned for real with the bundled rules and the built-in list: the goals of accuracy on generated OutSystems code.
import { beforeAll, describe, expect, it } from 'vitest';
import { measureRealistic } from '../../fixtures/realistic/measure.js';
import type { PlantedFinding } from '../../fixtures/realistic/truth.js';
import type { CorpusScore } from '../../src/suppress/accuracy.js';
import { factsOf } from '../../src/suppress/match.js';
import { tempDir } from '../support/tmp.js';

let score: CorpusScore;
/** What the generator planted, with the note that says what each planted line is. */
let planted: PlantedFinding[];
let findings: { path: string; cwes: Set<number>; entry: unknown }[];
/** The built-in entries that suppressed the results of a weakness class (CWE) in matching files. */
const entriesFor = (path: RegExp, cwe: number) => findings.filter((f) => path.test(f.path) && f.cwes.has(cwe)).map((f) => f.entry);

beforeAll(async () => {
  const m = await measureRealistic(tempDir(), { size: 'small' });
  score = m.score;
  planted = m.corpus.truth;
  findings = m.log.runs.flatMap((run) => (run.results ?? []).map((r) => ({ path: factsOf(run, r).path, cwes: factsOf(run, r).cwes, entry: r.suppressions?.find((s) => s.status === 'accepted')?.properties?.['ossast/entry'] })));
  for (const r of score.rules) console.log(`${r.ruleId}: TP ${r.tp} FP ${r.fp} (open ${r.fpOpen}) FN ${r.fn}`);
});

describe('realistic corpus, bundled rules and built-in list', () => {
  it('suppresses no planted developer weakness', () => {
    expect(score.planted.suppressed).toEqual([]);
  });
  it('reports every planted developer weakness (SQL through +, +=, Format, Append, interpolation; secrets, weak hash, DOM XSS, eval, ...)', () => {
    const noteOf = (t: { path: string; line: number }) => planted.find((p) => p.path === t.path && p.line === t.line)?.note;
    expect(score.planted.missed.map((t) => `${t.kind} ${t.path}:${t.line} (${noteOf(t)})`)).toEqual([]);
    expect(score.planted.open).toBe(score.planted.total);
  });
  it('leaves at most 1 open false positive per MB of developer-owned code', () => {
    const worst = score.developer.openFp.slice(0, 10).map((f) => `${f.ruleId} ${f.path}:${f.line}`);
    expect(score.developer.openFpPerMB, `open false positives: ${score.developer.openFp.length} in ${score.developer.bytes} bytes, e.g. ${worst.join('; ')}`).toBeLessThanOrEqual(1);
  });
  it('suppresses every finding in platform-owned files, each in a report group', () => {
    expect(score.platform.results).toBeGreaterThan(20);
    expect(score.platform.open).toEqual([]);
    expect(Object.keys(score.platform.byGroup).sort()).toEqual(['platform-false-positive', 'vendor-code']);
  });
  it('suppresses platform findings with the entry that says why', () => {
    const only = (path: RegExp, cwe: number, entry: string, atLeastOne: boolean) => {
      const got = entriesFor(path, cwe);
      if (atLeastOne) expect(got.length, `${path} CWE-${cwe}`).toBeGreaterThan(0);
      expect(new Set(got), `${path} CWE-${cwe}`).toEqual(new Set(got.length ? [entry] : []));
    };
    only(/jQueryUIInternal/, 1104, 'os-vendor-jquery-ui-1.8.24', true);
    only(/_osjs\.js$/, 1104, 'os-platform-jquery-1.8.3', true);
    // System.Random feeding key generation in runtime source is vendor code, not "not used for security".
    only(/\/(WebWidgets|WidgetsRuntimeAPI|DatabaseAbstractionLayer|\w*DatabaseProvider)\//, 338, 'os-vendor-code', true);
    only(/\/scripts\/(OutSystems|require|Debugger)\.js$/, 95, 'os-platform-js-eval', true);
    only(/Blocks\/RichWidgets\//, 95, 'os-platform-js-eval', false);
    only(/Blocks\/RichWidgets\//, 209, 'os-platform-dialogs', false);
  });
  it('keeps a developer file named like a platform library (require.js without the RequireJS banner) open', () => {
    expect(entriesFor(/ClaimsBackOffice\/Resources\/require\.js$/, 95)).toEqual([undefined]);
  });
});
