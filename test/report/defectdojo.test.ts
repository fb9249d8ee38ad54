// defectdojo.json against what DefectDojo's own parsers do with it (DefectDojo/django-DefectDojo at commit
// 7cfa159a6767b0ac6e66f3b1597a997e607e7308): the generic JSON parser (dojo/tools/generic/json_parser.py) and, for
// contrast, the SARIF parser (dojo/tools/sarif/parser.py). Field names and rules are restated here, not copied.
import { describe, expect, it } from 'vitest';
import type { Result } from 'sarif';
import { contentText, renderReports } from '../../src/report/index.js';
import { DEFECTDOJO_FILE, TITLE_MAX } from '../../src/report/defectdojo.js';
import { reportInput } from '../support/report-input.js';
import { log, run, type R } from '../support/sarif.js';

/** json_parser.py lines 82-94: a finding without title, severity or description refuses the whole import. */
const REQUIRED = ['title', 'severity', 'description'];
/**
 * json_parser.py lines 96-153: any other key outside this list refuses the import ("Not allowed fields are
 * present"); listed here are the ones ossast may write, each a Finding field of that list.
 */
const ALLOWED = new Set([
  ...REQUIRED,
  'cwe',
  'line',
  'file_path',
  'component_name',
  'unique_id_from_tool',
  'vuln_id_from_tool',
  'static_finding',
  'dynamic_finding',
  'active',
  'verified',
  'false_p',
  'risk_accepted',
  'under_review',
  'mitigation',
  'references',
  'tags',
]);
/** Finding.severity's values, the ones the SARIF parser's get_severity and cvss_to_severity give too (parser.py lines 633-650). */
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Info'];
/** parser.py lines 161-166 and 214-215: any non-empty `suppressions` array makes a SARIF result a false positive. */
const sarifParserFalsePositive = (r: Result) => Boolean(r.suppressions?.length);
/** parser.py line 361 (textwrap.shorten(title, 150)): whitespace collapsed, then cut when longer than 150. */
const dojoShorten = (t: string) => {
  const collapsed = t.split(/\s+/).filter(Boolean).join(' ');
  return collapsed.length <= 150 ? collapsed : `${collapsed.slice(0, 144)} [...]`;
};

const suppression = (status: 'accepted' | 'underReview', properties: Record<string, unknown>, kind: 'external' | 'inSource' = 'external') => [{ kind, status, justification: `why ${String(properties['ossast/entry'] ?? kind)}`, properties }];

const findings: R[] = [
  { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, message: `SQL built by concatenation of ${'a user-controlled value and more words '.repeat(8)}` },
  { rule: 'x.eval', path: 'Shop/Core/scripts/a.js', line: 3, suppressions: suppression('underReview', { 'ossast/not-accepted': 'in-source comments are not accepted (--accept-in-source is off)' }, 'inSource') },
  { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems.js', line: 9, suppressions: suppression('accepted', { 'ossast/entry': 'os-platform-js-eval', 'ossast/group': 'platform-false-positive' }) },
  { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystemsUI.js', line: 5, suppressions: suppression('accepted', { 'ossast/entry': 'os-vendor-ui', 'ossast/group': 'vendor-code' }) },
  { rule: 'x.sql', path: 'Shop/Core/Actions/ActionLegacy.cs', line: 40, suppressions: suppression('accepted', { 'ossast/entry': 'legacy-report', owner: 'appsec@example.com', expires: '2027-06-30', ticket: 'SEC-42' }) },
  { rule: 'x.sql', path: 'Shop/Core/Actions/ActionGone.cs', line: 2 },
];

async function importFile(fs: R[], shift = 0) {
  const l = log(
    run(
      fs.map((f) => ({ ...f, line: (f.line ?? 1) + shift })),
      { rules: { 'x.sql': ['CWE-89: SQL Injection'], 'x.eval': ['CWE-95: Eval'] } },
    ),
  );
  const results = l.runs[0]!.results!;
  results[0]!.properties!['ossast/element'] = { kind: 'serverAction', name: 'Find' };
  results[5]!.baselineState = 'absent';
  const files = await renderReports(['defectdojo'], reportInput([], {}, l), { sarifProfile: 'full', githubIncludeSuppressed: false });
  const doc = JSON.parse(await contentText(files.find((f) => f.name === DEFECTDOJO_FILE)!.content));
  return { doc, results, dojo: doc.findings as Record<string, unknown>[] };
}

describe('defectdojo.json for "Generic Findings Import"', () => {
  it('holds only fields the generic parser accepts, the required ones always, with its types and severities', async () => {
    const { doc, dojo } = await importFile(findings);
    expect(doc).toMatchObject({ name: 'ossast', type: 'Generic Findings Import' });
    for (const f of dojo) {
      for (const k of REQUIRED) expect(typeof f[k], k).toBe('string');
      expect(Object.keys(f).filter((k) => !ALLOWED.has(k))).toEqual([]);
      expect(SEVERITIES).toContain(f['severity']);
      expect(Number.isInteger(f['cwe'])).toBe(true);
      expect(Number.isInteger(f['line'])).toBe(true);
    }
  });
  it('leaves out what a baseline marked absent', async () => {
    const { dojo } = await importFile(findings);
    expect(dojo).toHaveLength(5);
    expect(dojo.map((f) => f['file_path'])).not.toContain('Shop/Core/Actions/ActionGone.cs');
  });
  it("keeps ossast's meaning: only accepted suppressions close a finding, as false positive or accepted risk", async () => {
    const { dojo, results } = await importFile(findings);
    const flags = (f: Record<string, unknown>) => [f['active'], f['false_p'], f['risk_accepted'], f['under_review']];
    expect(dojo.map(flags)).toEqual([
      [true, false, false, false], // open
      [true, false, false, true], // an unaccepted nosemgrep: still open, under review
      [false, true, false, false], // OutSystems' documented false positive
      [false, false, true, false], // vendor code: an accepted risk, not a false positive
      [false, false, true, false], // the team's accepted risk
    ]);
    // DefectDojo's SARIF parser would have made four findings false positives, the open nosemgrep and the accepted risks among them.
    expect(results.slice(0, 5).map(sarifParserFalsePositive)).toEqual([false, true, true, true, true]);
    expect(dojo[1]!['description']).toContain('Suppression under review, not accepted: the finding stays open.** in-source comments are not accepted');
    expect(dojo[4]!['description']).toContain('Justification: why legacy-report\nOwner: appsec@example.com\nExpires: 2027-06-30\nTicket: SEC-42');
  });
  it('short titles DefectDojo keeps as they are, naming the element; severity, CWE and the element in the description', async () => {
    const { dojo } = await importFile(findings);
    for (const f of dojo) {
      const t = String(f['title']);
      expect(t.length).toBeLessThanOrEqual(TITLE_MAX);
      expect(dojoShorten(t)).toBe(t);
    }
    expect(dojo[0]).toMatchObject({ title: 'x.sql in Server action Find', severity: 'High', cwe: 89, vuln_id_from_tool: 'x.sql', component_name: 'Core', tags: ['ossast', 'element-serverAction'] });
    expect(dojo[0]!['description']).toContain('\n\nFix in Service Studio: Core > Server action Find\n');
    expect(dojo[1]!['title']).toBe('x.eval in a.js');
  });
  it('the same unique_id_from_tool after a rebuild that moved every line', async () => {
    const before = (await importFile(findings)).dojo.map((f) => f['unique_id_from_tool']);
    const after = (await importFile(findings, 5)).dojo.map((f) => f['unique_id_from_tool']);
    expect(before.every((id) => typeof id === 'string')).toBe(true);
    expect(after).toEqual(before);
  });
});
