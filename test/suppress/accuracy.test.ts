// The accuracy corpus, scanned for real: every planted platform false positive suppressed, no true positive suppressed.
import { describe, expect, it } from 'vitest';
import { measureCorpus } from '../../fixtures/corpus/measure.js';
import { tempDir } from '../support/tmp.js';

describe('suppression accuracy on the corpus (real Semgrep, bundled rules, built-in list)', () => {
  it('suppresses every planted false positive and no true positive', async () => {
    const { accuracy, exitCode } = await measureCorpus(tempDir());
    console.log(`false positives suppressed: ${accuracy.fp.suppressed}/${accuracy.fp.total}; true positives suppressed: ${accuracy.tp.suppressed}/${accuracy.tp.total}`);
    expect(exitCode).toBe(0);
    // A planted false positive the rules no longer report is fine; a planted weakness must be reported.
    expect(accuracy.unreported.filter((e) => e.truth === 'tp')).toEqual([]);
    expect(accuracy.fp.total).toBeGreaterThanOrEqual(5);
    expect(accuracy.tp.total).toBeGreaterThanOrEqual(15);
    expect(accuracy.fp.missed).toEqual([]);
    expect(accuracy.tp.wronglySuppressed).toEqual([]);
  });

  it('with the built-in list off, every false positive stays open (the list is what suppresses them)', async () => {
    const { accuracy } = await measureCorpus(tempDir(), ['--no-builtin-suppressions']);
    expect(accuracy.fp.suppressed).toBe(0);
    expect(accuracy.fp.total).toBeGreaterThanOrEqual(5);
  });
});
