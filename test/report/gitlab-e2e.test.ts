// End to end with the real Semgrep: `ossast scan --format gitlab-sast,sarif --sarif-profile github` on a package built at
// test time; gl-sast-report.json is valid against GitLab's schema and the GitHub upload's rules carry titles and severities.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { Log } from 'sarif';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { writeShopPackage } from '../support/shop.js';
import { publishedSchema } from '../support/schemas.js';

const root = tempDir();
const appZip = join(root, 'Shop.zip');
await writeShopPackage(appZip);
const schema: unknown = JSON.parse(readFileSync(publishedSchema('gitlab-sast-report-format-15.2.1.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(typeof schema === 'object' && schema !== null ? schema : {});

describe('ossast scan for GitLab and GitHub (real Semgrep)', () => {
  const out = join(root, 'out');
  it('writes a valid gl-sast-report.json and GitHub upload files whose rules have titles, help and security-severity', async () => {
    const r = await runCli(['scan', appZip, '--out', out, '--format', 'sarif,gitlab-sast,gitlab-codequality', '--sarif-profile', 'github']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^gl-sast-report\.json: 2 finding\(s\) for GitLab; 0 suppressed finding\(s\) left out/m);
    const report = JSON.parse(readFileSync(join(out, 'gl-sast-report.json'), 'utf8'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.scan).toMatchObject({ type: 'sast', status: 'success', scanner: { name: 'Semgrep OSS' } });
    const byRule = Object.fromEntries(report.vulnerabilities.map((v: { identifiers: { value: string }[]; severity: string }) => [v.identifiers[0]!.value, v]));
    expect(byRule['ossast.csharp.sql-injection.string-concat']).toMatchObject({ severity: 'High', name: 'SQL query built from data (SQL injection)', location: { file: 'Shop/ShopCore/Actions/ActionFindOrders.cs', start_line: 5 } });
    expect(byRule['ossast.js.code-injection.eval'].identifiers).toContainEqual({ type: 'cwe', name: 'CWE-95', value: '95', url: 'https://cwe.mitre.org/data/definitions/95.html' });
    expect(JSON.parse(readFileSync(join(out, 'gl-code-quality-report.json'), 'utf8'))).toHaveLength(2);

    const uploads = readdirSync(join(out, 'github'));
    expect(uploads).toEqual(['results.sarif']);
    const upload = JSON.parse(readFileSync(join(out, 'github', 'results.sarif'), 'utf8')) as Log;
    const rules = upload.runs.flatMap((run) => run.tool.driver.rules ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.shortDescription?.text).not.toMatch(/^Semgrep Finding/);
      expect(Number(rule.properties?.['security-severity'])).toBeGreaterThan(0);
      expect(rule.help?.markdown).toContain('**Fix:**');
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    expect(upload.runs.map((run) => run.automationDetails?.id)).toEqual(['ossast/semgrep/']);
  });
});
