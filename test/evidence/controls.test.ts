// Controls: the mapping covers every bundled rule and built-in suppression (with the CWE and OWASP their own files
// state), and a control no rule that ran addresses reads NOT COVERED, in the record, the Markdown and the HTML.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Log } from 'sarif';
import { builtinControlsFile, classesOfTags, controlsOf, loadControlMap, rulesOfLogs } from '../../src/evidence/controls.js';
import { controlsMarkdown } from '../../src/report/controls-section.js';
import { controlsHtml } from '../../src/report/html-controls.js';
import { builtinSuppressionsFile } from '../../src/suppress/index.js';
import { ConfigError } from '../../src/util/errors.js';
import { tempDir } from '../support/tmp.js';

const root = join(import.meta.dirname, '../..');
const loaded = await loadControlMap();
const rulesDir = join(root, 'scanners/semgrep/rules');
const bundled = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.yml'))
  .flatMap((f) => (YAML.parse(readFileSync(join(rulesDir, f), 'utf8')) as { rules: { id: string; metadata: { cwe: string[]; owasp: string[] } }[] }).rules);

describe('config/controls.yml', () => {
  it('maps every bundled rule, with the CWE and OWASP category its metadata states, to a PCI DSS 6.2.4 class', () => {
    expect(bundled.length).toBeGreaterThan(15);
    for (const r of bundled) {
      const m = loaded.map.rules[r.id];
      expect(m, r.id).toBeDefined();
      expect(
        m?.cwe.map((c) => `CWE-${c}`),
        r.id,
      ).toEqual(r.metadata.cwe.map((c) => c.split(':')[0]));
      expect(m?.owasp, r.id).toEqual(r.metadata.owasp.map((o) => o.split(' ')[0]));
      expect(m?.pci.length, r.id).toBeGreaterThan(0);
    }
  });

  it('maps every built-in suppression by the CWEs it matches', () => {
    const entries = (YAML.parse(readFileSync(builtinSuppressionsFile(), 'utf8')) as { suppressions: { id: string; match: { cwe?: number[] } }[] }).suppressions;
    expect(Object.keys(loaded.map.suppressions).sort()).toEqual(entries.map((e) => e.id).sort());
    for (const e of entries) {
      const m = loaded.map.suppressions[e.id]!;
      if ('any' in m) expect(e.match.cwe, e.id).toBeUndefined();
      else expect(m.cwe, e.id).toEqual(e.match.cwe);
    }
  });

  it('names the six PCI DSS 6.2.4 attack classes and the ten OWASP 2021 categories', () => {
    expect(loaded.map.pci.map((c) => c.id)).toEqual(['injection', 'data-structures', 'cryptography', 'business-logic', 'access-control', 'high-risk']);
    expect(loaded.map.owasp.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => `A${String(i + 1).padStart(2, '0')}:2021`));
  });

  it('refuses a mapping that names an unknown class (exit 2, naming the entry)', async () => {
    const dir = tempDir();
    const bad = join(dir, 'controls.yml');
    writeFileSync(
      bad,
      readFileSync(builtinControlsFile(), 'utf8').replace('ossast.js.random.insecure: { cwe: [338], owasp: ["A02:2021"], pci: [cryptography] }', 'ossast.js.random.insecure: { cwe: [338], owasp: ["A02:2021"], pci: [crypto] }'),
    );
    const err = await loadControlMap(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(`${bad}: rules.ossast.js.random.insecure: unknown PCI DSS class "crypto" (defined: injection, data-structures, cryptography, business-logic, access-control, high-risk)`);
  });
});

/** A log whose Semgrep run loaded `ids` (their tags as in the pack), with one open and one suppressed SQL result when loaded. */
function logWith(ids: string[]): Log {
  const rules = bundled.filter((r) => ids.includes(r.id)).map((r) => ({ id: r.id, properties: { tags: [...r.metadata.cwe, ...r.metadata.owasp.map((o) => `OWASP-${o}`)] } }));
  const sql = 'ossast.csharp.sql-injection.string-concat';
  const results = ids.includes(sql)
    ? [
        { ruleId: sql, message: { text: 'x' } },
        { ruleId: sql, message: { text: 'y' }, suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: 'reviewed', properties: { owner: 'appsec@example.com', 'ossast/entry': 'legacy-sql' } }] },
        { ruleId: sql, message: { text: 'z' }, baselineState: 'absent' as const },
      ]
    : [];
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules } }, results }] };
}
const rowOf = (c: ReturnType<typeof controlsOf>, id: string) => c.controls.find((r) => r.id === id)!;

describe('controls of a run', () => {
  it('counts open and suppressed findings per control, with who accepted them', () => {
    const c = controlsOf(logWith(bundled.map((r) => r.id)), loaded);
    const injection = rowOf(c, 'injection');
    expect(injection).toMatchObject({ framework: 'PCI DSS v4.0 6.2.4', covered: true, open: 1, suppressed: 1, acceptedBy: [{ by: 'appsec@example.com', entry: 'legacy-sql', count: 1 }] });
    expect(injection.rules).toContain('ossast.csharp.sql-injection.string-concat');
    expect(injection.builtinSuppressions).toEqual(['os-platform-js-eval', 'os-vendor-encodesql-concatenation', 'os-vendor-code']);
    expect(rowOf(c, 'A03:2021')).toMatchObject({ covered: true, open: 1, suppressed: 1 });
    // With every bundled rule, the classes none of them addresses are still shown as such.
    expect(c.controls.filter((r) => !r.covered).map((r) => r.id)).toEqual(['A09:2021']);
  });

  it('says NOT COVERED when the rules of a class are removed, in the record, the Markdown and the HTML', () => {
    const withoutInjection = bundled.map((r) => r.id).filter((id) => !/injection|xxe|deserialization/.test(id));
    const c = controlsOf(logWith(withoutInjection), loaded);
    expect(rowOf(c, 'injection')).toMatchObject({ covered: false, rules: [], open: 0, suppressed: 0 });
    expect(rowOf(c, 'data-structures').covered).toBe(false);
    expect(rowOf(c, 'cryptography').covered).toBe(true);
    const md = controlsMarkdown(c).join('\n');
    expect(md).toMatch(/^\| PCI DSS v4\.0 6\.2\.4 \| injection Injection attacks .* \| NOT COVERED \| - \| 0 \| 0 \| - \|$/m);
    expect(md).toContain('3 control(s) NOT COVERED by any rule that ran: A09:2021, injection, data-structures.');
    const html = controlsHtml(c, (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(html).toMatch(/<tr class="bad"><td>PCI DSS v4\.0 6\.2\.4<\/td><td>injection Injection attacks [^<]*<\/td><td><b>NOT COVERED<\/b><\/td>/);
    const none = controlsOf(logWith([]), loaded);
    expect(none.controls.every((r) => !r.covered)).toBe(true);
  });

  it('counts a rule that ran and found nothing as covering its controls (the merged log keeps only rules with results)', () => {
    const ran = rulesOfLogs([logWith(['ossast.csharp.crypto.weak-hash'])]);
    expect(ran).toEqual([{ tool: 'Semgrep OSS', rules: [{ id: 'ossast.csharp.crypto.weak-hash', properties: { tags: ['CWE-328: Use of Weak Hash', 'OWASP-A02:2021 - Cryptographic Failures'] } }] }]);
    const merged: Log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules: [] } }, results: [] }] };
    expect(rowOf(controlsOf(merged, loaded, ran), 'cryptography')).toMatchObject({ covered: true, rules: ['ossast.csharp.crypto.weak-hash'], open: 0 });
    expect(rowOf(controlsOf(merged, loaded), 'cryptography').covered).toBe(false);
  });

  it('maps a rule of another pack or tool by its own tags, and escapes what it shows', () => {
    expect(classesOfTags(['CWE-89: SQL injection', 'OWASP-A03:2021 - Injection', 'external/cwe/cwe-611'], loaded.map)).toEqual({ cwe: ['CWE-89', 'CWE-611'], owasp: ['A03:2021'], pci: ['injection'] });
    const log: Log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'other<tool>', rules: [{ id: 'team.<b>sqli</b>', properties: { tags: ['external/cwe/cwe-89'] } }] } }, results: [] }] };
    const c = controlsOf(log, loaded);
    expect(c.rules).toEqual([{ id: 'team.<b>sqli</b>', tool: 'other<tool>', cwe: ['CWE-89'], owasp: [], pci: ['injection'], from: 'tags' }]);
    expect(rowOf(c, 'injection').covered).toBe(true);
    const html = controlsHtml(c, (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(html).toContain('team.&lt;b&gt;sqli&lt;/b&gt;');
    expect(html).not.toContain('<b>sqli');
  });
});
