// Rule metadata for code scanning: a real title, description, Markdown help, help link and security-severity on every rule.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { load } from 'js-yaml';
import { z } from 'zod';
import { describeRule, securitySeverityOf, validSeverity, SECURITY_SEVERITY_BY_CWE } from '../../src/merge/rule-metadata.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { parseSarif } from '../../src/model/sarif.js';

const ruleFile = z.object({ rules: z.array(z.looseObject({ id: z.string(), metadata: z.looseObject({ shortDescription: z.string().min(10), help: z.string().min(40), 'security-severity': z.string() }) })) });
const recorded = parseSarif(readFileSync(join(import.meta.dirname, '../fixtures/sarif/semgrep-1.180.0.sarif'), 'utf8'), 'recorded');

describe('describeRule', () => {
  it("replaces Semgrep's placeholder title with the first sentence of the description and adds help, link and severity", () => {
    const rule = describeRule({
      id: 'x.sql',
      shortDescription: { text: 'Semgrep Finding: x.sql' },
      fullDescription: { text: 'A query is built from data. Use parameters instead.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ["CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')", 'security'] },
    });
    expect(rule.shortDescription).toEqual({ text: 'A query is built from data.' });
    expect(rule.help).toEqual({
      text: 'A query is built from data. Use parameters instead.',
      markdown: 'A query is built from data. Use parameters instead.\n\n**References**\n\n- [CWE-89](https://cwe.mitre.org/data/definitions/89.html)\n',
    });
    expect(rule.helpUri).toBe('https://cwe.mitre.org/data/definitions/89.html');
    expect(rule.properties?.['security-severity']).toBe('8.8');
  });
  it('keeps what the tool wrote: its title, help, link and a valid security-severity', () => {
    const own = {
      id: 'x',
      name: 'Named',
      shortDescription: { text: 'Own title' },
      fullDescription: { text: 'Own description' },
      help: { text: 'Own help', markdown: '**Own**' },
      helpUri: 'https://example.com/x',
      properties: { tags: ['CWE-79'], 'security-severity': '9.1' },
    };
    expect(describeRule(own)).toEqual(own);
  });
  it('takes the highest score of the CWEs, an invalid own score is replaced, the level decides for unknown CWEs, non-security rules get none', () => {
    expect(securitySeverityOf({ id: 'a', properties: { tags: ['CWE-209', 'CWE-95'] } })).toBe('9.8');
    expect(securitySeverityOf({ id: 'a', properties: { tags: ['CWE-798'], 'security-severity': 'high' } })).toBe('8.1');
    expect(securitySeverityOf({ id: 'a', properties: { tags: ['CWE-99999'] }, defaultConfiguration: { level: 'error' } })).toBe('7.5');
    expect(securitySeverityOf({ id: 'a', properties: { tags: ['security'] }, defaultConfiguration: { level: 'note' } })).toBe('3.0');
    expect(securitySeverityOf({ id: 'style', properties: { tags: ['maintainability'] } })).toBeUndefined();
    expect(describeRule({ id: 'style' })).toEqual({ id: 'style', shortDescription: { text: 'style' }, fullDescription: { text: 'style' }, help: { text: 'style', markdown: 'style' } });
  });
  it('has a score between 0.0 and 10.0 for every CWE in the table', () => {
    for (const s of Object.values(SECURITY_SEVERITY_BY_CWE)) {
      expect(s).toMatch(/^\d{1,2}\.\d$/);
      expect(Number(s)).toBeLessThanOrEqual(10);
    }
  });
});

describe('merge fills the rules of a recorded Semgrep log', () => {
  const T = '2026-11-22T10:00:00.000Z';
  const log = mergeRuns({
    runs: [{ scanner: 'semgrep', toolVersion: '1.180.0', sarif: recorded, invocation: { commandLine: 'semgrep', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true }, notifications: [], skipped: [], rules: [] }],
    sourceRoot: '/work/out/src',
    targets: [],
    ossastVersion: '0.1.0',
  });
  it('gives every rule a real title, help in Markdown, a help link and a security-severity', () => {
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.shortDescription?.text).not.toMatch(/^Semgrep Finding/);
      expect(r.help?.markdown).toBeTruthy();
      expect(r.helpUri).toMatch(/^https:\/\//);
      expect(Number(r.properties?.['security-severity'])).toBeGreaterThan(0);
    }
    expect(rules.find((r) => r.id === 'ossast.js.code-injection.eval')?.properties?.['security-severity']).toBe('9.8');
  });
});

describe('the bundled rule pack through real Semgrep and merge', () => {
  const rulesDir = join(import.meta.dirname, '../../scanners/semgrep/rules');
  const semgrep = join(import.meta.dirname, '../../.venv/bin/semgrep');
  const pack = readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => ruleFile.parse(load(readFileSync(join(rulesDir, f), 'utf8'))).rules);

  it('every rule carries a title, Markdown help and a security-severity in its metadata', () => {
    expect(pack.length).toBeGreaterThan(10);
    for (const r of pack) {
      expect(r.metadata.shortDescription.length, r.id).toBeLessThanOrEqual(120);
      expect(validSeverity(r.metadata['security-severity']), r.id).toBe(r.metadata['security-severity']);
    }
  });

  it('Semgrep writes them into its SARIF and merge keeps them, adding the CWE help link', async () => {
    const out = await execa(semgrep, ['scan', '--metrics=off', '--disable-version-check', '--no-rewrite-rule-ids', '--sarif', '--quiet', '--config', rulesDir, join(rulesDir, 'javascript.js'), join(rulesDir, 'csharp.cs')], {
      reject: false,
      cwd: rulesDir,
    });
    const T = '2026-11-22T10:00:00.000Z';
    const merged = mergeRuns({
      runs: [
        {
          scanner: 'semgrep',
          toolVersion: '1.180.0',
          sarif: parseSarif(out.stdout, 'semgrep'),
          invocation: { commandLine: 'semgrep', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true },
          notifications: [],
          skipped: [],
          rules: [],
        },
      ],
      sourceRoot: rulesDir,
      targets: [],
      ossastVersion: '0.1.0',
    });
    const rules = merged.runs[0]!.tool.driver.rules!;
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      const meta = pack.find((p) => p.id === r.id)!.metadata;
      expect(r.shortDescription?.text).toBe(meta.shortDescription);
      expect(r.properties?.['security-severity']).toBe(meta['security-severity']);
      expect(r.help?.markdown).toContain(meta.help.split('\n')[0]);
      expect(r.helpUri).toMatch(/^https:\/\/cwe\.mitre\.org\/data\/definitions\/\d+\.html$/);
    }
  });
});
