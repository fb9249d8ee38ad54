// The bundled pack on the weakness-class corpus (fixtures/corpus/classes): every planted weakness of the 11 classes of
// issue 25 is found, and no finding of those classes lands anywhere else. Real Semgrep.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { annotations, CLASS_CWES, scan, score } from '../../fixtures/corpus/classes/measure.js';

const root = join(import.meta.dirname, '../..');
const corpus = join(root, 'fixtures/corpus/classes');

describe('weakness-class corpus (real Semgrep)', () => {
  const notes = annotations(corpus);

  it('plants every class, with near misses beside most', () => {
    for (const cls of Object.keys(CLASS_CWES)) expect(notes.filter((n) => n.cls === cls && n.truth === 'vuln').length, cls).toBeGreaterThan(0);
    expect(notes.filter((n) => n.truth === 'safe').length).toBeGreaterThanOrEqual(20);
  });

  it('the bundled pack finds every planted weakness and reports nothing else of those classes', () => {
    const { classes } = score(scan(join(root, '.venv/bin/semgrep'), [join(root, 'scanners/semgrep/rules')], corpus), notes);
    expect(classes.filter((c) => c.fn > 0 || c.fp > 0)).toEqual([]);
  }, 120_000);
});
