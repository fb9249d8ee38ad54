// GitLab keeps a vulnerability's triage (dismissal, issue) only while it recognises it: tracking signatures carrying
// ossast's line-independent fingerprint keep every identity across a rebuild that moved every line.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { contentText, renderReports } from '../../src/report/index.js';
import { GITLAB_SAST_FILE } from '../../src/report/gitlab-sast.js';
import { reportInput } from '../support/report-input.js';
import { log, run, type R } from '../support/sarif.js';
import { publishedSchema } from '../support/schemas.js';

const schema: unknown = JSON.parse(readFileSync(publishedSchema('gitlab-sast-report-format-15.2.1.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});

interface Vulnerability {
  id: string;
  description: string;
  location: { file: string; start_line: number; end_line: number };
  tracking?: { type: string; items: { file: string; signatures: { algorithm: string; value: string }[] }[] };
}

async function vulnerabilities(findings: R[], renamed = false): Promise<Vulnerability[]> {
  const l = log(run(findings.map((f) => ({ ...f, path: renamed ? f.path.replace(/^Shop\//, 'Shop v2/') : f.path }))));
  const files = await renderReports(['gitlab-sast'], reportInput([], {}, l), { sarifProfile: 'full', githubIncludeSuppressed: false });
  const report = JSON.parse(await contentText(files.find((f) => f.name === GITLAB_SAST_FILE)!.content));
  expect(validate(report) ? [] : validate.errors).toEqual([]);
  return report.vulnerabilities;
}

// 11 findings in 4 files; the rebuild inserted 3 lines at the top of every file.
const findings: R[] = Array.from({ length: 11 }, (_, i) => ({ rule: i % 2 ? 'x.sql' : 'x.eval', path: `Shop/Core/File${i % 4}.cs`, line: 10 + i * 7, snippet: `query${i} + input` }));
const shifted = findings.map((f) => ({ ...f, line: f.line! + 3 }));

/** The identity GitLab gives a SAST finding: its best signature when it has one, else file and lines. */
const identity = (v: Vulnerability) => v.tracking?.items[0]?.signatures[0]?.value ?? `${v.location.file}:${v.location.start_line}:${v.location.end_line}`;
const locationOnly = (v: Vulnerability) => `${v.location.file}:${v.location.start_line}:${v.location.end_line}`;
const kept = (a: Vulnerability[], b: Vulnerability[], key: (v: Vulnerability) => string) => {
  const after = new Set(b.map(key));
  return a.filter((v) => after.has(key(v))).length;
};

describe('GitLab tracking signatures', () => {
  it('a hash signature with ossast fingerprint, valid against the 15.2.1 schema', async () => {
    const [v] = await vulnerabilities(findings);
    expect(v!.tracking).toEqual({
      type: 'source',
      items: [{ file: v!.location.file, start_line: v!.location.start_line, end_line: v!.location.end_line, signatures: [{ algorithm: 'hash', value: expect.stringMatching(/^ossast\|[0-9a-f]{32}:\d+$/) }] }],
    });
  });
  it('keeps 11 of 11 identities across a shifted rebuild, where file and lines keep 0 of 11', async () => {
    const before = await vulnerabilities(findings);
    const after = await vulnerabilities(shifted);
    expect(before).toHaveLength(11);
    expect(kept(before, after, identity)).toBe(11);
    expect(kept(before, after, locationOnly)).toBe(0);
    expect(kept(before, after, (v) => v.id)).toBe(11);
  });
  it('keeps them when the package folder is renamed too', async () => {
    const before = await vulnerabilities(findings);
    const after = await vulnerabilities(shifted, true);
    expect(after[0]!.location.file).toMatch(/^Shop v2\//);
    expect(kept(before, after, identity)).toBe(11);
  });
  it('names the Service Studio element in the description', async () => {
    const l = log(run([{ rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 3 }]));
    l.runs[0]!.results![0]!.properties!['ossast/element'] = { kind: 'serverAction', name: 'Find' };
    const files = await renderReports(['gitlab-sast', 'gitlab-codequality'], reportInput([], {}, l), { sarifProfile: 'full', githubIncludeSuppressed: false });
    const sast = JSON.parse(await contentText(files.find((f) => f.name === GITLAB_SAST_FILE)!.content));
    expect(sast.vulnerabilities[0].description).toBe('finding of x.sql\n\nfix in Service Studio: Core > Server action Find');
    const cq = JSON.parse(await contentText(files.find((f) => f.name === 'gl-code-quality-report.json')!.content));
    expect(cq[0].description).toBe('finding of x.sql (fix in Service Studio: Core > Server action Find)');
  });
});
