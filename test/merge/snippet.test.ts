// Snippets and context from the file itself, in Semgrep's line and column numbering, whatever the line endings.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Result } from 'sarif';
import { mergeRuns } from '../../src/merge/merge.js';
import { parseSarif } from '../../src/model/sarif.js';
import { sourceFileReader } from '../../src/util/source-file.js';
import { contextAt, indexText, regionSpan, snippetAt, type ColumnUnit, type SourceText } from '../../src/merge/snippet.js';
import type { Region } from 'sarif';
import { FINGERPRINT_KEY } from '../../src/model/sarif-keys.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { tempDir, writeTree } from '../support/tmp.js';

const semgrep = join(import.meta.dirname, '../../.venv/bin/semgrep');
const RULE = 'rules:\n- id: t.eval\n  languages: [javascript]\n  severity: ERROR\n  message: eval call\n  pattern: eval($X)\n';
// Non-ASCII before the finding on its line (Semgrep counts UTF-8 bytes), a finding over two lines.
const LINES = ['// Générée par OutSystems', 'var a = "é€😀"; var b = 2;', 'var c = "ü"; eval(a);', 'var d = 4;', 'eval(', '  d);', 'var e = 5;'];
const BOM = '\ufeff';
const variants: Record<string, string> = {
  lf: LINES.join('\n'),
  crlf: LINES.join('\r\n'),
  cr: LINES.join('\r'),
  'bom-crlf': BOM + LINES.join('\r\n'),
  'bom-cr': BOM + LINES.join('\r'),
  mixed: `${LINES[0]}\r\n${LINES[1]}\r${LINES[2]}\n${LINES[3]}\r${LINES[4]}\r\n${LINES[5]}\n${LINES[6]}`,
};

describe('snippets from the file, with the real Semgrep, on every line ending', async () => {
  const root = tempDir();
  writeTree(root, { 'rule.yml': RULE, ...Object.fromEntries(Object.entries(variants).map(([v, text]) => [`${v}/App/Mod/scripts/x.js`, text])) });
  const out = await execa(semgrep, ['scan', '--metrics=off', '--disable-version-check', '--no-rewrite-rule-ids', '--sarif', '--quiet', '--config', 'rule.yml', ...Object.keys(variants)], { reject: false, cwd: root });
  const raw = parseSarif(out.stdout, 'semgrep');
  const targets: SourceTarget[] = Object.keys(variants).map((v) => ({ id: `${v}/App/Mod`, application: 'App', module: 'Mod', dir: join(root, v, 'App/Mod'), origin: { kind: 'folder', path: v } }));
  const T = '2026-11-22T10:00:00.000Z';
  const merged = mergeRuns({
    runs: [{ scanner: 'semgrep', toolVersion: '1.180.0', sarif: raw, invocation: { commandLine: 'semgrep', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true }, notifications: [], skipped: [], rules: [] }],
    sourceRoot: root,
    targets,
    readSource: sourceFileReader(root),
    ossastVersion: '0.1.0',
  });
  const byVariant = (results: Result[], v: string) => results.filter((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!.startsWith(`${v}/`));

  it('Semgrep finds both evals in every variant, and its own snippet is wrong where a lone CR ends a line', () => {
    for (const v of Object.keys(variants)) expect(byVariant(raw.runs[0]!.results!, v), v).toHaveLength(2);
    // Semgrep counts lines at "\n" only but cuts its snippet at every line ending: the measurement snippet.ts relies on.
    const cr = byVariant(raw.runs[0]!.results!, 'cr').map((r) => r.locations![0]!.physicalLocation!.region!);
    expect(cr.map((g) => g.startLine)).toEqual([1, 1]);
    expect(cr[0]!.snippet!.text).not.toContain('eval');
  });

  it('takes the flagged lines from the file, the same in every variant', () => {
    for (const v of Object.keys(variants)) {
      const snippets = byVariant(merged.runs[0]!.results!, v).map((r) => r.locations![0]!.physicalLocation!.region!.snippet!.text);
      expect(snippets, v).toEqual(['var c = "ü"; eval(a);', 'eval(\n  d);']);
    }
  });

  it("rewrites Semgrep's UTF-8 byte columns to UTF-16 code units (the run's columnKind), a BOM not counted", () => {
    expect(merged.runs[0]!.columnKind).toBe('utf16CodeUnits');
    for (const [v, text] of Object.entries(variants)) {
      const body = text.replace(/^\ufeff/, '');
      const lines = body.split('\n');
      for (const r of byVariant(merged.runs[0]!.results!, v)) {
        const g = r.locations![0]!.physicalLocation!.region!;
        const from = lines.slice(0, g.startLine! - 1).join('\n').length + (g.startLine! > 1 ? 1 : 0);
        expect(body.slice(from + g.startColumn! - 1, from + g.startColumn! - 1 + 5), v).toBe('eval(');
      }
    }
    const lf = byVariant(merged.runs[0]!.results!, 'bom-crlf')[0]!.locations![0]!.physicalLocation!.region!;
    expect([lf.startLine, lf.startColumn, lf.endColumn]).toEqual([3, 14, 21]);
  });

  it('adds two lines of context around each finding, with Semgrep line numbers', () => {
    const ctx = (v: string) => byVariant(merged.runs[0]!.results!, v).map((r) => r.locations![0]!.physicalLocation!.contextRegion!);
    expect(ctx('crlf')).toEqual([
      { startLine: 1, endLine: 5, snippet: { text: LINES.slice(0, 5).join('\n') } },
      { startLine: 3, endLine: 7, snippet: { text: LINES.slice(2, 7).join('\n') } },
    ]);
    // One line for Semgrep: the same text, all on line 1.
    expect(ctx('bom-cr')).toEqual([
      { startLine: 1, endLine: 1, snippet: { text: LINES.slice(0, 5).join('\n') } },
      { startLine: 1, endLine: 1, snippet: { text: LINES.slice(2, 7).join('\n') } },
    ]);
  });

  it('gives the same fingerprints whatever the line endings (same module, same path in it)', () => {
    // All variants are in one run as the same module and path, so only the occurrence number after ":" tells them apart.
    const fps = (v: string) => byVariant(merged.runs[0]!.results!, v).map((r) => r.partialFingerprints![FINGERPRINT_KEY]!.split(':')[0]);
    for (const v of Object.keys(variants)) expect(fps(v), v).toEqual(fps('lf'));
  });
});

const spanOf = (src: SourceText, region: Region, unit: ColumnUnit) => regionSpan(src, region, unit);
const snip = (src: SourceText, region: Region, unit: ColumnUnit) => {
  const span = spanOf(src, region, unit);
  return span && snippetAt(src, span);
};

describe('snippetAt and contextAt', () => {
  it('cuts a long line to a window around the region, reading a bounded part of it', () => {
    const min = `${'a'.repeat(100_000)}eval(x);${'b'.repeat(100_000)}`;
    const src = indexText(min);
    const s = snip(src, { startLine: 1, startColumn: 100_001, endColumn: 100_009 }, 'utf8Bytes')!;
    expect(s).toBe(`…${'a'.repeat(80)}eval(x);${'b'.repeat(240 - 88)}…`);
    expect(contextAt(src, spanOf(src, { startLine: 1, startColumn: 100_001, endColumn: 100_009 }, 'utf8Bytes')!, 2).text).toBe(s);
  });
  it('reads UTF-16 columns for other tools, a BOM not counted', () => {
    const src = indexText(`${BOM}x = 1;\ry = 2;`);
    expect(snip(src, { startLine: 1, startColumn: 8, endColumn: 9 }, 'utf16CodeUnits')).toBe('y = 2;');
    expect(snip(src, { startLine: 1, startColumn: 1, endColumn: 2 }, 'utf16CodeUnits')).toBe('x = 1;');
  });
  it('leaves out the line a region ends at the start of, and gives nothing past the end of the file', () => {
    const src = indexText('a();\nb();\nc();');
    expect(snip(src, { startLine: 1, startColumn: 1, endLine: 2, endColumn: 1 }, 'utf8Bytes')).toBe('a();');
    expect(snip(src, { startLine: 2 }, 'utf8Bytes')).toBe('b();');
    expect(snip(src, { startLine: 4 }, 'utf8Bytes')).toBeUndefined();
    expect(spanOf(src, { startLine: 4 }, 'utf8Bytes')).toBeUndefined();
  });
  it('maps UTF-8 byte columns the same in any order (the walk goes on from the last one only forwards)', () => {
    const text = `${BOM}é = "€"; f(1);\r😀 = 2; f(2);\rü; f(3);`;
    const regions: Region[] = [16, 32, 42].map((c) => ({ startLine: 1, startColumn: c, endColumn: c + 5 }));
    const forwards = regions.map((g) => snip(indexText(text), g, 'utf8Bytes'));
    const src = indexText(text);
    expect(
      [...regions]
        .reverse()
        .map((g) => snip(src, g, 'utf8Bytes'))
        .reverse(),
    ).toEqual(forwards);
    expect(forwards).toEqual(['é = "€"; f(1);', '😀 = 2; f(2);', 'ü; f(3);']);
    expect(
      regions.map((g) => {
        const sp = spanOf(src, g, 'utf8Bytes')!;
        return text.slice(sp.start, sp.end);
      }),
    ).toEqual(['f(1);', 'f(2);', 'f(3);']);
  });
  it('keeps at most 40 lines of a long region', () => {
    const text = Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n');
    const s = snip(indexText(text), { startLine: 1, endLine: 100 }, 'utf8Bytes')!.split('\n');
    expect(s).toHaveLength(41);
    expect(s.at(-1)).toBe('…');
  });
});
