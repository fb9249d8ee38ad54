// Every module in every report (clean, with findings, partial, failed), skipped files counted once, suppressed
// findings grouped: platform-owned code (to forward to OutSystems) apart from the team's own entries.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Suppression } from 'sarif';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderHtml } from '../../src/report/html.js';
import { renderGitlabSast } from '../../src/report/gitlab-sast.js';
import { buildManifest } from '../../src/report/manifest.js';
import { findingsOf } from '../../src/report/result-rows.js';
import { moduleRows, nameList, skippedLine } from '../../src/report/modules.js';
import { suppressedGroups } from '../../src/report/groups.js';
import { pageData } from '../../src/report/html-data.js';
import type { TargetRecord } from '../../src/model/run-record.js';
import { reportInput } from '../support/report-input.js';

const BUILTIN = 'ossast:config/suppressions/outsystems-generated.yml';
const supp = (entry: string, justification: string, extra: Record<string, string> = {}): Suppression[] => [{ kind: 'external', status: 'accepted', justification, properties: { 'ossast/entry': entry, ...extra } }];
const target = (module: string, extra: Partial<TargetRecord> = {}): TargetRecord => ({
  id: `Shop/${module}`,
  application: 'Shop',
  module,
  source: { kind: 'app-zip', path: 'Shop.zip', sha256: module[0]!.toLowerCase().repeat(64), bytes: 10, archive: `${module}.v1.zip`, package: { sha256: 'p'.repeat(64), bytes: 99 } },
  extraction: { files: 2, bytes: 20, durationMs: 1 },
  status: 'ok',
  ...extra,
});

function input() {
  const i = reportInput([
    { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, level: 'error' },
    {
      rule: 'x.eval',
      path: 'Shop/Core/scripts/OutSystems.js',
      line: 3,
      suppressions: supp('os-platform-js-eval', 'Platform runtime evaluates code by design', { 'ossast/group': 'platform-false-positive', 'ossast/file': BUILTIN, 'ossast/reference': 'https://success.outsystems.com/x' }),
    },
    { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems.js', line: 9, suppressions: supp('os-platform-js-eval', 'Platform runtime evaluates code by design', { 'ossast/group': 'platform-false-positive', 'ossast/file': BUILTIN }) },
    {
      rule: 'x.rand',
      path: 'Shop/Core/Runtime/Keys.cs',
      line: 5,
      suppressions: supp('os-runtime-random', 'vendor code: not changeable by the application team; report to OutSystems', { 'ossast/group': 'vendor-code', 'ossast/file': BUILTIN }),
    },
    { rule: 'x.sql', path: 'Shop/Big/Legacy.cs', line: 1, level: 'warning', suppressions: supp('team-legacy-sql', 'Constant query text, reviewed in SEC-12', { 'ossast/file': 'ossast-suppressions.yml' }) },
  ]);
  const skippedPaths = Array.from({ length: 14 }, (_, k) => `Shop/Big/scripts/lib${String(k).padStart(2, '0')}.js`);
  i.record.targets = [
    target('Core'),
    target('Lib'),
    target('Big', { scan: { files: 20, scannedBy: { semgrep: 6 }, skipped: skippedPaths } }),
    { id: 'Billing', source: { kind: 'lifetime', path: 'https://lt.example.com' }, status: 'failed', error: 'retrieve: packaging failed' },
  ];
  // Semgrep reports a file it times out on once per rule: three notifications, one file.
  i.record.scanners[0]!.skipped = [...['r1', 'r2', 'r3'].map((r) => ({ path: skippedPaths[0]!, reason: `not fully analysed: Timeout (rule ${r})` })), ...skippedPaths.slice(1).map((path) => ({ path, reason: 'exceeded_size_limit' }))];
  i.record.suppressions.files = [
    { path: BUILTIN, sha256: 'e'.repeat(64), builtin: true },
    { path: 'ossast-suppressions.yml', sha256: 'f'.repeat(64), builtin: false },
  ];
  return i;
}

describe('module rows', () => {
  it('lists every target with its status, and findings outside any target', () => {
    const i = input();
    const rows = moduleRows(i.record, findingsOf(i.log));
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['Billing', 'failed'],
      ['Shop/Big', 'partial'],
      ['Shop/Core', 'findings'],
      ['Shop/Lib', 'clean'],
    ]);
    expect(rows.find((r) => r.id === 'Shop/Core')?.tally).toEqual({ error: 1, warning: 0, note: 0, suppressed: 3, new: 0 });
  });
  it('counts skipped files, not notifications, and names at most ten', () => {
    const line = skippedLine(input().record);
    expect(line).toMatch(/^14 file\(s\) skipped or not fully analysed \(/);
    expect(line).toContain('Shop/Big/scripts/lib00.js, Shop/Big/scripts/lib01.js');
    expect(line).toMatch(/lib09\.js and 4 more$/);
    expect(nameList(['a', 'b'], 1)).toBe('a and 1 more');
  });
  it('groups suppressions: categorised or built-in entries as platform-owned, the rest as the team’s', () => {
    const i = input();
    const g = suppressedGroups(findingsOf(i.log), i.record);
    expect(g.platform).toEqual([
      { entry: 'os-platform-js-eval', group: 'platform-false-positive', justification: 'Platform runtime evaluates code by design', reference: 'https://success.outsystems.com/x', count: 2 },
      { entry: 'os-runtime-random', group: 'vendor-code', justification: 'vendor code: not changeable by the application team; report to OutSystems', count: 1 },
    ]);
    expect(g.team).toEqual([{ entry: 'team-legacy-sql', justification: 'Constant query text, reviewed in SEC-12', count: 1 }]);
  });
});

describe('every report shows clean, partial and failed modules and the suppressed groups', () => {
  it('console', () => {
    const text = renderConsole(input());
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toMatch(/│ Lib\s+│ clean\s+│ 0\s+│ 0\s+│ 0\s+│ 0\s+│ 0\s+│/);
    expect(text).toMatch(/│ Big\s+│ partial\s+│/);
    expect(text).toMatch(/│ Billing\s+│ FAILED\s+│/);
    expect(text).toContain('14 file(s) skipped or not fully analysed');
    expect(text).toContain('Suppressed: platform-owned code (report to OutSystems): 3 finding(s)');
    expect(text).toMatch(/os-platform-js-eval \(2\)\s+\[false positive per OutSystems\]/);
    expect(text).toMatch(/os-runtime-random \(1\)\s+\[vendor code: report to OutSystems\]/);
    expect(text).toContain("Suppressed by the team's own entries: 1 finding(s)");
    expect(text.indexOf('platform-owned code')).toBeLessThan(text.indexOf("team's own"));
  });
  it('markdown', () => {
    const md = renderMarkdown(input());
    expect(md).toContain('| Shop/Lib | clean | 0 | 0 | 0 | 0 | 0 |');
    expect(md).toContain('| Shop/Big | partial |');
    expect(md).toContain('| Billing | FAILED |');
    expect(md).toContain('**Not fully scanned**: 14 file(s) skipped');
    expect(md).toContain('### Suppressed: platform-owned code (report to OutSystems)');
    expect(md).toContain('| `os-platform-js-eval` | false positive per OutSystems | 2 | Platform runtime evaluates code by design |');
    expect(md).toContain("### Suppressed by the team's own entries");
    expect(md).toContain('| `team-legacy-sql` | 1 | Constant query text, reviewed in SEC-12 |');
  });
  it('HTML', () => {
    const html = [...renderHtml(input())].join('');
    expect(html).toContain('<td>Shop/Lib</td><td class="ok">clean</td><td>0</td>');
    expect(html).toMatch(/<td>Shop\/Big<\/td><td class="warn" title="not fully analysed: Shop\/Big\/scripts\/lib00.js, [^"]* and 9 more">partial<\/td>/);
    expect(html).toContain('<td>Billing</td><td class="bad" title="retrieve: packaging failed">FAILED</td>');
    expect(html).toContain('<h2 class="warn">Not fully scanned: 14 file(s)</h2>');
    expect(html).toMatch(
      /<section id="suppressed-platform"><h2>Suppressed: platform-owned code \(report to OutSystems\): 3 finding\(s\)<\/h2>.*<td>os-platform-js-eval<\/td><td class="l">false positive per OutSystems<\/td><td>2<\/td><td class="l">Platform runtime evaluates code by design <a href="https:\/\/success.outsystems.com\/x" rel="noreferrer">source<\/a><\/td>/s,
    );
    expect(html).toContain(`<section id="suppressed-team"><h2>Suppressed by the team's own entries: 1 finding(s)</h2>`);
  });
  it('HTML page data: a finding suppressed by a categorised entry is in the platform category wherever its path', () => {
    const i = input();
    const data = pageData(i.log, findingsOf(i.log), () => true);
    const catOf = (path: string) => data.cols.cat[data.cols.path.findIndex((p) => data.s[p] === path)];
    expect(catOf('Shop/Core/Runtime/Keys.cs')).toBe(2);
    expect(catOf('Shop/Big/Legacy.cs')).toBe(1);
    expect(catOf('Shop/Core/Actions/ActionFind.cs')).toBe(0);
  });
  it('JUnit: a passing "scanned" case per module that says clean, or names the files not fully analysed', () => {
    const xml = [...renderJunit(input())].join('');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [doc.testsuites.testsuite].flat() as { name: string; failures: string; testcase: unknown }[];
    const scanned = (name: string) => [suites.find((s) => s.name === name)?.testcase].flat().find((c) => (c as { name: string }).name === 'scanned') as { 'system-out'?: string } | undefined;
    expect(suites.find((s) => s.name === 'Shop/Lib')?.failures).toBe('0');
    expect(scanned('Shop/Lib')?.['system-out']).toBe('scanned and clean: no unsuppressed finding');
    expect(scanned('Shop/Big')?.['system-out']).toMatch(/^14 file\(s\) skipped or not fully analysed: Shop\/Big\/scripts\/lib00\.js/);
    expect(xml).toContain('<testcase classname="ossast" name="target Billing">');
  });
  it('GitLab SAST: the scan messages name the clean modules and the skipped files', () => {
    const report = JSON.parse([...renderGitlabSast(input())].join(''));
    const messages = report.scan.messages.map((m: { level: string; value: string }) => `${m.level}: ${m.value}`);
    expect(messages).toContain('info: 3 module(s) scanned; 1 clean (no unsuppressed finding): Shop/Lib');
    expect(messages.some((m: string) => m.startsWith('warn: 14 file(s) skipped or not fully analysed'))).toBe(true);
  });
  it('manifest: each module its own hash and size, the package beside it', () => {
    const m = buildManifest(input());
    expect(m.targets.map((t) => [t.id, t.source.sha256?.slice(0, 1), t.source.archive, t.source.package?.sha256?.slice(0, 1)])).toEqual([
      ['Shop/Core', 'c', 'Core.v1.zip', 'p'],
      ['Shop/Lib', 'l', 'Lib.v1.zip', 'p'],
      ['Shop/Big', 'b', 'Big.v1.zip', 'p'],
      ['Billing', undefined, undefined, undefined],
    ]);
    expect(m.targets[2]?.scan?.skipped).toHaveLength(14);
    expect(m.scanners[0]?.skipped).toHaveLength(14);
    expect(m.scanners[0]?.skipped[0]).toEqual({ path: 'Shop/Big/scripts/lib00.js', reason: 'not fully analysed: Timeout (rule r1); not fully analysed: Timeout (rule r2); not fully analysed: Timeout (rule r3)' });
  });
});

describe('manifest: suppression entries carry their category', () => {
  it('the built-in entry that matched says platform-false-positive, and the manifest validates', async () => {
    const { loadSuppressionFiles, applySuppressions, toRecord } = await import('../../src/suppress/index.js');
    const set = await loadSuppressionFiles([], { builtin: true });
    const i = reportInput([{ rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3 }]);
    // Ownership is read from the file's content: here the client runtime's AMD module.
    const { platformOwnership } = await import('../../src/suppress/platform.js');
    const platformOwned = platformOwnership(() => ({ bytes: Buffer.from('define("OutSystems/ClientRuntime/Main", [], function () { eval(code); });'), complete: true }));
    const applied = applySuppressions(i.log, set, new Date('2026-11-22T00:00:00Z'), { platformOwned });
    i.record.suppressions = toRecord(applied.report);
    const manifest = buildManifest(i);
    const entry = manifest.suppressions.entries.find((e) => e.id === 'os-platform-js-eval');
    expect(entry).toMatchObject({ matched: 1, state: 'applied', category: 'platform-false-positive' });
    expect(manifest.suppressions.ownership).toEqual([{ path: 'Shop/Core/scripts/OutSystems/rt.js', owned: true, evidence: 'outsystems-client-runtime-amd', what: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });
});
