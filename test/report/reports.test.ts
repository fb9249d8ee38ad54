// Reporters are pure: each test renders from a fixed input and checks what a user or CI system reads.
import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Log, Result } from 'sarif';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderJunit } from '../../src/report/junit.js';
import { splitForGithub } from '../../src/report/github.js';
import { buildManifest } from '../../src/report/manifest.js';
import { manifestSchema } from '../../src/model/manifest.js';
import { renderReports, contentText } from '../../src/report/index.js';
import { reportInput, accepted } from '../support/report-input.js';
import { log, run } from '../support/sarif.js';

const sample = () =>
  reportInput([
    { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, level: 'error', message: 'SQL built by <concatenation> & "quotes"' },
    { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3, level: 'error', suppressions: accepted },
    { rule: 'x.eval', path: 'Shop/UI/scripts/UI.controller.js', line: 9, level: 'warning' },
  ]);

describe('console summary', () => {
  it('fits 80 columns, shows modules, rules, suppressed counts, failed targets and the verdict, without colour off a TTY', () => {
    const text = renderConsole(sample());
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toMatch(/│ Core\s+│ findings\s+│ 1\s+│ 0\s+│ 0\s+│ 1\s+│ 0\s+│/);
    expect(text).toContain('x.sql');
    expect(text).toContain('FAILED target Billing: retrieve: packaging failed');
    expect(text).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 1 suppressed');
  });
  it('uses colour on a TTY', () => {
    expect(renderConsole({ ...sample(), tty: true })).toMatch(/\x1b\[3[12]m/);
  });
});

describe('markdown summary', () => {
  it('shows the verdict, the module table and the findings', () => {
    const md = renderMarkdown(sample());
    expect(md).toContain('## ❌ ossast: FAILED (exit 1)');
    expect(md).toContain('| Shop/Core | findings | 1 | 0 | 0 | 1 | 0 |');
    expect(md).toContain('| error | `x.sql` | `Shop/Core/Actions/ActionFind.cs:12` | SQL built by &lt;concatenation&gt; &amp; "quotes" |');
  });
  it('lists findings by level, path and line as their text keys order, also where one path is another followed by a NUL', () => {
    const paths = ['a', 'a\u0000', 'a\u0000/', 'a\u0000\u0000', 'a/b', 'a\u00000', 'b', 'A'];
    const levels = ['error', 'warning', 'note'] as const;
    const many = Array.from({ length: 240 }, (_, i) => ({ rule: 'x.sql', path: paths[i % paths.length]!, line: [1, 2, 10, 12345678901, -3, 2][i % 6]!, level: levels[i % 3]!, message: `finding m${i}` }));
    const rank = (l: string) => (l === 'error' ? '0' : l === 'warning' ? '1' : '2');
    // The order the summary has always used: one text key per finding, compared code unit by code unit.
    const expected = many
      .map((f, i) => ({ i, key: `${rank(f.level)}${f.path}\u0000${String(f.line).padStart(10, '0')}\u0000${i}` }))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((k) => `m${k.i}`);
    const md = renderMarkdown(reportInput(many));
    expect([...md.matchAll(/finding (m\d+) \|/g)].map((m) => m[1])).toEqual(expected);
  });
  it("stays under GitHub's 1 MiB step-summary limit with 100,000 findings", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ rule: 'x.sql', path: `Shop/Core/Actions/Action${i}.cs`, line: i, message: 'SQL built by concatenation of a user-controlled value' }));
    const md = renderMarkdown(reportInput(many));
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toMatch(/… and \d+ more finding\(s\) not shown here/);
  });
});

describe('JUnit XML', () => {
  it('is well-formed, has one test case per rule and module, and fails where unsuppressed findings reach the level', () => {
    const xml = [...renderJunit(sample())].join('');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [doc.testsuites.testsuite].flat();
    const names = suites.flatMap((s: { name: string; testcase: unknown }) => [s.testcase].flat().map((c) => `${s.name}:${(c as { name: string }).name}`));
    expect(names).toEqual(expect.arrayContaining(['Shop/Core:x.sql', 'Shop/Core:x.eval', 'Shop/UI:x.eval', 'ossast pipeline:target Billing']));
    const core = suites.find((s: { name: string }) => s.name === 'Shop/Core');
    expect(core.failures).toBe('1');
    const ui = suites.find((s: { name: string }) => s.name === 'Shop/UI');
    expect(ui.failures).toBe('0');
    expect(xml).toContain('SQL built by &lt;concatenation&gt; &amp; "quotes"');
  });
});

describe('GitHub code scanning profile', () => {
  const big = (runs: number, perRun: number): Log =>
    log(
      ...Array.from({ length: runs }, (_, k) =>
        run(
          Array.from({ length: perRun }, (_, i) => ({ rule: 'x.sql', path: `A/M/f${k}-${i}.cs`, line: i + 1, message: 'm' })),
          { tool: `tool${k}` },
        ),
      ),
    );
  it('splits runs over 25,000 results into 16 categories by fingerprint, with the whole-tool category emptied', () => {
    const parts = splitForGithub(big(1, 60_000), { includeSuppressed: false });
    const runs = parts.flatMap((p) => p.log.runs);
    const ids = runs.map((r) => r.automationDetails!.id);
    expect(ids).toEqual(['ossast/tool0/', ...Array.from({ length: 16 }, (_, i) => `ossast/tool0/h${i.toString(16)}/`)]);
    expect(runs[0]!.results).toEqual([]);
    for (const r of runs) expect(r.results!.length).toBeLessThanOrEqual(25_000);
    expect(runs.reduce((n, r) => n + r.results!.length, 0)).toBe(60_000);
  });
  it("keeps each finding's category across a shifted rebuild with more findings", () => {
    const categories = (l: Log) => {
      const m = new Map<string, string>();
      for (const p of splitForGithub(l, { includeSuppressed: false })) for (const r of p.log.runs) for (const x of r.results!) m.set(x.partialFingerprints!['ossast/v2']!, r.automationDetails!.id!);
      return m;
    };
    const before = categories(big(1, 30_000));
    // The rebuild: every line moved down by 3, and 5,000 findings more in new files.
    const shifted = run(
      Array.from({ length: 35_000 }, (_, i) => ({ rule: 'x.sql', path: i < 5_000 ? `A/M/new-${i}.cs` : `A/M/f0-${i - 5_000}.cs`, line: (i < 5_000 ? i : i - 5_000) + 4, message: 'm' })),
      { tool: 'tool0' },
    );
    const after = categories(log(shifted));
    let kept = 0;
    for (const [fp, category] of before) if (after.get(fp) === category) kept++;
    expect(before.size).toBe(30_000);
    expect(kept).toBe(30_000);
  });
  it('puts at most 20 runs in a file, and every file under 10 MB gzipped', () => {
    const parts = splitForGithub(big(45, 10), { includeSuppressed: false });
    expect(parts.map((p) => p.log.runs.length)).toEqual([20, 20, 5]);
    expect(parts.map((p) => p.name)).toEqual(['results-1.sarif', 'results-2.sarif', 'results-3.sarif']);
    for (const p of parts) expect(gzipSync(JSON.stringify(p.log)).length).toBeLessThan(10 * 1024 * 1024);
  });
  it('splits a file again when it is too big gzipped', () => {
    const parts = splitForGithub(big(1, 2000), { includeSuppressed: false }, { runsPerFile: 20, resultsPerRun: 25_000, gzippedBytes: 20_000 });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(gzipSync(JSON.stringify(p.log)).length).toBeLessThanOrEqual(20_000);
    expect(parts.reduce((n, p) => n + p.log.runs.reduce((m, r) => m + r.results!.length, 0), 0)).toBe(2000);
    expect(gunzipSync(gzipSync('ok')).toString()).toBe('ok');
  });
  it('leaves suppressed results out of the upload by default, while the full log keeps them', async () => {
    const input = { ...sample(), sarifProfile: 'github' as const };
    const files = await renderReports(['sarif'], input, { sarifProfile: 'github', githubIncludeSuppressed: false });
    const full = JSON.parse(await contentText(files.find((f) => f.name === 'results.sarif')!.content));
    const upload = JSON.parse(await contentText(files.find((f) => f.name === 'github/results.sarif')!.content));
    const count = (l: Log, pred: (r: Result) => boolean) => l.runs.flatMap((r) => r.results ?? []).filter(pred).length;
    expect(count(full, (r) => (r.suppressions ?? []).length > 0)).toBe(1);
    expect(count(upload, (r) => (r.suppressions ?? []).length > 0)).toBe(0);
    expect(count(upload, () => true)).toBe(2);
    const withSuppressed = await renderReports(['sarif'], input, { sarifProfile: 'github', githubIncludeSuppressed: true });
    expect(count(JSON.parse(await contentText(withSuppressed.find((f) => f.name === 'github/results.sarif')!.content)), () => true)).toBe(3);
  });
});

describe('audit manifest and its link from the SARIF log', () => {
  it('matches its schema and carries what an auditor asks for', () => {
    const m = buildManifest(sample());
    expect(manifestSchema.safeParse(m).success).toBe(true);
    expect(m.targets[0]).toMatchObject({ source: { sha256: 'a'.repeat(64), bytes: 1234 }, lifetime: { environment: { name: 'Production', key: 'env-1' } } });
    expect(m.scanners[0]).toMatchObject({ version: '1.180.0', rules: [{ sha256: 'd'.repeat(64) }], skipped: [{ path: 'Shop/Core/big.js' }] });
    expect(m.suppressions.files[0]!.sha256).toBe('e'.repeat(64));
    expect(m.gate).toMatchObject({ exitCode: 1, failOn: 'error' });
    expect(m.config).toEqual({ path: 'ossast.yml', sha256: 'c'.repeat(64) });
  });
  it('the SARIF run points at the manifest', async () => {
    const files = await renderReports(['sarif', 'manifest'], { ...sample(), outputNames: { sarif: 'results.sarif', manifest: 'manifest.json' } }, { sarifProfile: 'full', githubIncludeSuppressed: false });
    const sarif = JSON.parse(await contentText(files.find((f) => f.name === 'results.sarif')!.content));
    expect(sarif.runs[0].properties['ossast/manifest']).toBe('manifest.json');
    expect(files.map((f) => f.name)).toEqual(['results.sarif', 'manifest.json']);
  });
  it('a log written without a manifest names none (ossast merge would refuse a named manifest that is missing)', async () => {
    const files = await renderReports(['sarif'], sample(), { sarifProfile: 'full', githubIncludeSuppressed: false });
    const sarif = JSON.parse(await contentText(files[0]!.content));
    expect(sarif.runs[0].properties['ossast/manifest']).toBeUndefined();
  });
});
