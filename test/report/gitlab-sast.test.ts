// gl-sast-report.json against GitLab's own SAST report schema 15.2.1 (ajv), and what it holds: unsuppressed findings only.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { renderReports, contentText } from '../../src/report/index.js';
import { GITLAB_SAST_FILE, severityOf } from '../../src/report/gitlab-sast.js';
import { reportInput, accepted } from '../support/report-input.js';
import { log, run } from '../support/sarif.js';
import { publishedSchema } from '../support/schemas.js';
import { registerSecret } from '../../src/util/redact.js';

const schema: unknown = JSON.parse(readFileSync(publishedSchema('gitlab-sast-report-format-15.2.1.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});

async function render(input: ReturnType<typeof reportInput>) {
  const files = await renderReports(['gitlab-sast'], input, { sarifProfile: 'full', githubIncludeSuppressed: false });
  const file = files.find((f) => f.name === GITLAB_SAST_FILE)!;
  const text = await contentText(file.content);
  const stdout = await contentText(files.find((f) => f.name === '-')!.content);
  return { report: JSON.parse(text), text, stdout };
}

const expectValid = (report: unknown) => {
  const ok = validate(report);
  expect(ok ? [] : validate.errors, 'valid against GitLab sast-report-format 15.2.1').toEqual([]);
};

describe('gitlab-sast', () => {
  it("is valid against GitLab's schema, with scan analyzer, scanner, type, times and status", async () => {
    const { report } = await render(
      reportInput([
        { rule: 'x.sql', path: 'Shop/Core/a.cs', line: 7 },
        { rule: 'x.eval', path: 'Shop/Core/b.js', line: 3, level: 'warning' },
      ]),
    );
    expectValid(report);
    expect(report.version).toBe('15.2.1');
    expect(report.scan).toMatchObject({
      analyzer: { id: 'ossast', name: 'ossast', version: '0.1.0', vendor: { name: 'ossast' } },
      scanner: { id: 'semgrep-oss', name: 'Semgrep OSS', vendor: { name: 'Semgrep' } },
      type: 'sast',
      start_time: '2026-11-22T10:00:00',
      end_time: '2026-11-22T10:01:00',
      // The record has a failed target (Billing): the scan did not fully succeed, and says why.
      status: 'failure',
    });
    expect(report.scan.messages).toContainEqual({ level: 'warn', value: 'target Billing failed: retrieve: packaging failed' });
  });

  it('writes each unsuppressed finding with a stable id, rule and CWE identifiers, a severity and its file and lines', async () => {
    const input = () => reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs', line: 7 }]);
    const a = (await render(input())).report;
    const b = (await render(input())).report;
    expect(a.vulnerabilities).toHaveLength(1);
    const v = a.vulnerabilities[0];
    expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.id).toBe(b.vulnerabilities[0].id);
    expect(v.identifiers).toEqual([
      { type: 'semgrep_oss_id', name: 'x.sql', value: 'x.sql' },
      { type: 'cwe', name: 'CWE-89', value: '89', url: 'https://cwe.mitre.org/data/definitions/89.html' },
    ]);
    // CWE-89 scores 8.8 in the security-severity table: High.
    expect(v.severity).toBe('High');
    expect(v.location).toEqual({ file: 'Shop/Core/a.cs', start_line: 7, end_line: 7 });
  });

  it('leaves suppressed findings out and counts them in the report and the job log', async () => {
    const { report, stdout } = await render(
      reportInput([
        { rule: 'x.sql', path: 'Shop/Core/a.cs', line: 1 },
        { rule: 'x.eval', path: 'Shop/Core/b.js', line: 2, suppressions: accepted },
        { rule: 'x.eval', path: 'Shop/Core/c.js', line: 3, suppressions: accepted },
      ]),
    );
    expectValid(report);
    expect(report.vulnerabilities.map((v: { location: { file: string } }) => v.location.file)).toEqual(['Shop/Core/a.cs']);
    expect(report.scan.messages).toContainEqual({ level: 'info', value: '2 suppressed finding(s) left out (they are in results.sarif with their justification)' });
    expect(stdout).toBe('gl-sast-report.json: 1 finding(s) for GitLab; 2 suppressed finding(s) left out (see results.sarif)\n');
  });

  it('maps security-severity by CVSS band and falls back to the level', () => {
    expect(['9.8', '9.0', '8.8', '7.0', '6.1', '4.0', '3.7', '0.1', '0.0'].map((s) => severityOf(s, 'error'))).toEqual(['Critical', 'Critical', 'High', 'High', 'Medium', 'Medium', 'Low', 'Low', 'Info']);
    expect(['error', 'warning', 'note', 'none'].map((l) => severityOf(undefined, l))).toEqual(['High', 'Medium', 'Low', 'Info']);
  });

  it('stays valid with hostile text: quotes, control characters, lone surrogates, HTML, over-long names; secrets redacted', async () => {
    registerSecret('gitlab-secret-token-1234');
    const hostile = `"quote" \\ back </script><img src=x> \u0000\u001f \ud800 lone ${'A'.repeat(300)} gitlab-secret-token-1234`;
    const l = log(run([{ rule: hostile, path: 'Shop/Core/"odd" path\\x.cs', line: 2, message: hostile }], { rules: { [hostile]: ['CWE-79'] } }));
    for (const r of l.runs[0]!.results!) r.suppressions = [];
    l.runs[0]!.tool.driver.rules![0]!.shortDescription = { text: hostile };
    const { report, text } = await render(reportInput([], {}, l));
    expectValid(report);
    expect(text).not.toContain('gitlab-secret-token-1234');
    expect([...report.vulnerabilities[0].name].length).toBeLessThanOrEqual(255);
    expect(report.vulnerabilities[0].location.file).toBe('Shop/Core/"odd" path\\x.cs');

    // A secret across the length limit: redacted before the cut, so no part of it is left.
    l.runs[0]!.tool.driver.rules![0]!.shortDescription = { text: `${'A'.repeat(240)}gitlab-secret-token-1234 and more text after it` };
    const cut = (await render(reportInput([], {}, l))).report.vulnerabilities[0].name;
    expect(cut).toBe(`${'A'.repeat(240)}*** and more text after it`.slice(0, 254) + '…');
    expect(cut).not.toContain('gitlab-secret');
  });

  it('is rejected by the schema when a required field is missing (the check can fail)', async () => {
    const { report } = await render(reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]));
    delete report.scan.start_time;
    expect(validate(report)).toBe(false);
    const again = (await render(reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]))).report;
    again.vulnerabilities[0].identifiers = [];
    expect(validate(again)).toBe(false);
  });

  it('says success when every target and scanner succeeded, and writes an empty list when nothing was found', async () => {
    const input = reportInput([]);
    input.record.targets = input.record.targets.filter((t) => t.status === 'ok');
    const { report } = await render(input);
    expectValid(report);
    expect(report.scan.status).toBe('success');
    expect(report.vulnerabilities).toEqual([]);
  });
});

describe('gitlab-sast with several tools and empty names', () => {
  it('names ossast as the scanner of a log with several tools, and stays valid when a tool leaves names and ids empty', async () => {
    const a = run([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]);
    const b = run([{ rule: 'other.rule', path: 'Shop/Core/b.cs' }], { tool: '' });
    b.tool.driver.rules = [{ id: '' }];
    b.results![0]!.ruleId = '';
    const l = log(a, b);
    for (const r of l.runs.flatMap((x) => x.results ?? [])) r.suppressions = [];
    const { report } = await render(reportInput([], {}, l));
    expectValid(report);
    expect(report.scan.scanner).toMatchObject({ id: 'ossast', name: 'ossast (Semgrep OSS, unknown tool)' });
    expect(report.vulnerabilities.map((v: { identifiers: { value: string }[] }) => v.identifiers[0]!.value)).toEqual(['x.sql', 'unknown-rule']);
  });
});
