// The bundled Semgrep rule pack: every rule passes its `semgrep --test` cases and carries the metadata suppression relies on.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';

const root = join(import.meta.dirname, '../..');
const rulesDir = join(root, 'scanners/semgrep/rules');
const semgrep = join(root, '.venv/bin/semgrep');

const ruleSchema = z.looseObject({
  id: z.string().startsWith('ossast.'),
  message: z.string().min(20),
  severity: z.enum(['ERROR', 'WARNING', 'INFO']),
  metadata: z.looseObject({
    cwe: z.array(z.string().regex(/^CWE-\d+: .+/)).min(1),
    owasp: z.array(z.string()).min(1),
    category: z.literal('security'),
    confidence: z.enum(['LOW', 'MEDIUM', 'HIGH']),
    references: z.array(z.string()).min(1),
  }),
});
const fileSchema = z.object({ rules: z.array(ruleSchema).min(1) });

const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.yml'));
const rules = ruleFiles.flatMap((f) => fileSchema.parse(load(readFileSync(join(rulesDir, f), 'utf8'))).rules.map((r) => ({ ...r, file: f })));

const testResult = z.object({
  config_missing_tests: z.array(z.unknown()),
  config_with_errors: z.array(z.unknown()),
  results: z.record(z.string(), z.object({ checks: z.record(z.string(), z.object({ passed: z.boolean(), matches: z.record(z.string(), z.object({ expected_lines: z.array(z.number()), reported_lines: z.array(z.number()) })) })) })),
});

describe('bundled Semgrep rule pack', () => {
  it('has rules for every category the issue lists', () => {
    const cwes = new Set(rules.flatMap((r) => r.metadata.cwe.map((c) => c.split(':')[0])));
    for (const c of ['CWE-89', 'CWE-328', 'CWE-338', 'CWE-295', 'CWE-79', 'CWE-95', 'CWE-798', 'CWE-502', 'CWE-22', 'CWE-601']) expect(cwes).toContain(c);
    // Issue 25's classes: command injection, XXE, broken ciphers, LDAP injection, SSRF, token validation, cookie flags.
    for (const c of ['CWE-78', 'CWE-611', 'CWE-327', 'CWE-90', 'CWE-918', 'CWE-347', 'CWE-614', 'CWE-1004']) expect(cwes).toContain(c);
  });

  it('every rule has test cases with at least one "ruleid:" and one "ok:" line', () => {
    for (const f of ruleFiles) {
      const base = f.replace(/\.yml$/, '');
      const targets = readdirSync(rulesDir).filter((x) => x.startsWith(`${base}.`) && !x.endsWith('.yml'));
      expect(targets.length, `${f} needs a test file`).toBeGreaterThan(0);
      const text = targets.map((t) => readFileSync(join(rulesDir, t), 'utf8')).join('\n');
      for (const r of rules.filter((x) => x.file === f)) {
        expect(text, r.id).toContain(`ruleid: ${r.id}`);
        expect(text, r.id).toContain(`ok: ${r.id}`);
      }
    }
  });

  it('passes `semgrep --test` for every rule', async () => {
    const r = await execa(semgrep, ['--test', '--json', '--metrics=off', '--disable-version-check', rulesDir], { reject: false, env: { SEMGREP_ENABLE_VERSION_CHECK: '0' } });
    const out = testResult.parse(JSON.parse(r.stdout));
    expect(out.config_with_errors).toEqual([]);
    expect(out.config_missing_tests).toEqual([]);
    const checks = Object.values(out.results).flatMap((x) => Object.entries(x.checks));
    expect(checks.map(([id]) => id).sort()).toEqual(rules.map((x) => x.id).sort());
    const failed = checks.filter(([, c]) => !c.passed).map(([id, c]) => `${id}: ${JSON.stringify(c.matches)}`);
    expect(failed).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});
