// gl-code-quality-report.json: the fields GitLab's Code Quality documentation lists, unique fingerprints, suppressed left out.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { renderReports, contentText } from '../../src/report/index.js';
import { GITLAB_CODEQUALITY_FILE } from '../../src/report/gitlab-codequality.js';
import { reportInput, accepted } from '../support/report-input.js';

/**
 * GitLab publishes no JSON Schema for Code Quality; this one states what its documentation requires of each issue
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
 */
const documented = new Ajv({ allErrors: true }).compile({
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string' },
      check_name: { type: 'string' },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: { path: { type: 'string' }, lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } } },
      },
    },
  },
});

async function render(input: ReturnType<typeof reportInput>) {
  const files = await renderReports(['gitlab-codequality'], input, { sarifProfile: 'full', githubIncludeSuppressed: false });
  return JSON.parse(await contentText(files.find((f) => f.name === GITLAB_CODEQUALITY_FILE)!.content));
}

describe('gitlab-codequality', () => {
  it('writes every unsuppressed finding with the documented fields, distinct fingerprints and a severity', async () => {
    const issues = await render(
      reportInput([
        { rule: 'x.sql', path: 'Shop/Core/a.cs', line: 7 },
        { rule: 'x.sql', path: 'Shop/Core/a.cs', line: 9 },
        { rule: 'x.eval', path: 'Shop/Core/b.js', line: 3, suppressions: accepted },
      ]),
    );
    expect(documented(issues) ? [] : documented.errors).toEqual([]);
    expect(issues).toHaveLength(2);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(2);
    expect(issues[0]).toMatchObject({ check_name: 'x.sql', severity: 'critical', location: { path: 'Shop/Core/a.cs', lines: { begin: 7 } } });
  });
  it('the documented shape rejects an issue without a fingerprint (the check can fail)', async () => {
    const issues = await render(reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]));
    delete issues[0].fingerprint;
    expect(documented(issues)).toBe(false);
  });
});
