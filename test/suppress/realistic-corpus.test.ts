// The realistic corpus generator: deterministic, of the real shape (BOMs, mixed line endings, locale copies, platform files), ground truth pointing at real lines.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRealisticCorpus, packRealisticCorpus } from '../../fixtures/realistic/index.js';
import { tempDir } from '../support/tmp.js';

describe('realistic corpus generator', () => {
  it('is byte-for-byte reproducible for a seed, and another seed gives other bytes', async () => {
    const dir = tempDir();
    const a = await packRealisticCorpus({ size: 'small' }, join(dir, 'a'));
    const b = await packRealisticCorpus({ size: 'small' }, join(dir, 'b'));
    const c = await packRealisticCorpus({ size: 'small', seed: 7 }, join(dir, 'c'));
    expect(a.sha256).toBe(b.sha256);
    expect(c.sha256).not.toBe(a.sha256);
  });
  it('writes the real shapes: BOMs, CRLF, LF and lone CR, locale copies, platform and developer files', async () => {
    const dir = tempDir();
    const corpus = await buildRealisticCorpus(dir, { size: 'small' });
    const read = (p: string) => readFileSync(join(dir, p));
    const texts = corpus.files.map((f) => read(f.path));
    expect(texts.filter((t) => t[0] === 0xef && t[1] === 0xbb && t[2] === 0xbf).length / texts.length).toBeGreaterThan(0.6);
    const all = Buffer.concat(texts).toString('latin1');
    expect(all).toMatch(/\r\n/);
    expect(all).toMatch(/[^\r]\n/);
    expect(all).toMatch(/\r[^\n]/);
    const paths = corpus.files.map((f) => f.path);
    for (const p of [
      'ClaimsHub/ClaimsBackOffice/_osjs.js',
      'ClaimsHub/ClaimsBackOffice/Blocks/RichWidgets/Input_Calendar/Input_Calendar.pt-BR.js',
      'ClaimsHub/ClaimsPortal/scripts/OutSystems.js',
      'ClaimsHub/ClaimsPortal/scripts/require.js',
      'ClaimsHub/ClaimsBackOffice/DatabaseAbstractionLayer/DatabaseAbstractionLayer0.cs',
    ])
      expect(paths).toContain(p);
    expect(read('ClaimsHub/ClaimsBackOffice/Blocks/RichWidgets/jQueryUIInternal/jQueryUIInternal.js').toString('utf8')).toContain('jQuery UI - v1.8.24');
    expect(read('ClaimsHub/ClaimsBackOffice/_osjs.js').toString('utf8')).toContain('jQuery v1.8.3');
  });
  it('points every planted finding at the line that holds it, in any line ending', async () => {
    const dir = tempDir();
    const corpus = await buildRealisticCorpus(dir, { size: 'small' });
    for (const t of corpus.truth) {
      // Lone CRs come only after the last planted line, so counting LF (as the scanners do) finds the planted line.
      const lines = readFileSync(join(dir, t.path), 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\n');
      expect(lines[t.line - 1]!.replace(/\r$/, '').trim().length, `${t.path}:${t.line}`).toBeGreaterThan(0);
    }
    expect(
      corpus.truth
        .filter((t) => t.truth === 'tp' && t.owner === 'developer')
        .map((t) => t.kind)
        .sort(),
    ).toEqual(expect.arrayContaining(['sql-injection', 'hardcoded-secret', 'weak-hash', 'insecure-random', 'dom-xss', 'eval', 'vulnerable-library', 'certificate-validation', 'insecure-deserialization']));
  });
  it('at full size: a Traditional Web module of about 1,200 files and about 12 MB in all', async () => {
    const corpus = await buildRealisticCorpus(tempDir(), { size: 'full' });
    const tw = corpus.modules.find((m) => m.name === 'ClaimsBackOffice')!;
    expect(tw.files).toBeGreaterThan(1_000);
    const bytes = corpus.files.reduce((n, f) => n + f.bytes, 0);
    expect(bytes).toBeGreaterThan(10_000_000);
    expect(bytes).toBeLessThan(15_000_000);
  });
});
