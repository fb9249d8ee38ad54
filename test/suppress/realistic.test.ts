// The realistic corpus (small size) scanned for real with the bundled rules and the built-in list: the goals of accuracy on generated OutSystems code.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from 'sarif';
import { measureRealistic } from '../../fixtures/realistic/measure.js';
import type { CorpusScore } from '../../src/suppress/accuracy.js';
import { tempDir } from '../support/tmp.js';

let score: CorpusScore;
let results: Result[];
const entryAt = (path: RegExp, ruleWord: RegExp) =>
  results.filter((r) => path.test(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '') && ruleWord.test(r.ruleId ?? '')).map((r) => r.suppressions?.find((s) => s.status === 'accepted')?.properties?.['ossast/entry']);

beforeAll(async () => {
  const m = await measureRealistic(tempDir(), { size: 'small' });
  score = m.score;
  results = m.log.runs.flatMap((r) => r.results ?? []);
  for (const r of score.rules) console.log(`${r.ruleId}: TP ${r.tp} FP ${r.fp} (open ${r.fpOpen}) FN ${r.fn}`);
});

describe('realistic corpus, bundled rules and built-in list', () => {
  it('suppresses no planted developer weakness', () => {
    expect(score.planted.suppressed).toEqual([]);
  });
  it('reports every planted developer weakness (SQL through +, +=, Format, Append, interpolation; secrets, weak hash, DOM XSS, eval, ...)', () => {
    expect(score.planted.missed.map((t) => `${t.kind} ${t.path}:${t.line} (${t.note})`)).toEqual([]);
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
    expect(new Set(entryAt(/Blocks\/RichWidgets\/List_BulkSelect\//, /eval/))).toEqual(new Set(['os-platform-js-eval']));
    expect(new Set(entryAt(/Blocks\/RichWidgets\/Input_Calendar\//, /dialog/))).toEqual(new Set(['os-platform-dialogs']));
    expect(new Set(entryAt(/jQueryUIInternal/, /librar/))).toEqual(new Set(['os-vendor-jquery-ui-1.8.24']));
    expect(new Set(entryAt(/_osjs\.js$/, /librar/))).toEqual(new Set(['os-platform-jquery-1.8.3']));
    // System.Random feeding key generation in runtime source is vendor code, not "not used for security".
    const randomInRuntime = entryAt(/\/(WebWidgets|WidgetsRuntimeAPI|DatabaseAbstractionLayer|\w*DatabaseProvider)\//, /random/);
    expect(randomInRuntime.length).toBeGreaterThan(0);
    expect(new Set(randomInRuntime)).toEqual(new Set(['os-vendor-code']));
  });
  it('keeps a developer file named like a platform library (require.js without the RequireJS banner) open', () => {
    expect(entryAt(/ClaimsBackOffice\/Resources\/require\.js$/, /eval/)).toEqual([undefined]);
  });
});
