// End to end: a scan whose rule pack lacks a class's rules says NOT COVERED for it in the manifest, the Markdown and
// the HTML report (real Semgrep).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeShopPackage } from '../support/shop.js';
import { manifestSchema } from '../../src/model/manifest.js';

const root = tempDir();
const appZip = join(root, 'Shop.zip');
await writeShopPackage(appZip);

describe('controls section of a scan', () => {
  it('shows NOT COVERED for the classes whose rules were removed, and covered for the rest', async () => {
    // The C# and JavaScript packs without their injection and deserialization rules.
    const packs = ['csharp', 'javascript'].flatMap((p) => (YAML.parse(readFileSync(join(import.meta.dirname, `../../scanners/semgrep/rules/${p}.yml`), 'utf8')) as { rules: { id: string }[] }).rules);
    const rules = join(root, 'some-rules.yml');
    writeFileSync(rules, YAML.stringify({ rules: packs.filter((r) => !/injection|xxe|deserialization/.test(r.id)) }));
    const cfg = join(root, 'ossast.yml');
    writeFileSync(cfg, `version: 1\nscanners:\n  - type: semgrep\n    bundledRules: false\n    rules: [${rules}]\n`);
    const out = join(root, 'out');
    const r = await runCli(['scan', appZip, '--config', cfg, '--out', out, '--format', 'manifest,markdown,html', '--fail-on', 'none'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    const row = (id: string) => manifest.controls?.controls.find((c) => c.id === id);
    expect(row('injection')).toMatchObject({ covered: false, rules: [] });
    expect(row('A03:2021')?.covered).toBe(true); // the XSS rules remain
    expect(row('cryptography')).toMatchObject({ covered: true, rules: expect.arrayContaining(['ossast.csharp.crypto.weak-hash']) });
    expect(manifest.controls?.rules.map((x) => x.id)).not.toContain('ossast.js.code-injection.eval');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^\| PCI DSS v4\.0 6\.2\.4 \| injection .*\| NOT COVERED \|/m);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<td>injection Injection attacks [^<]*<\/td><td><b>NOT COVERED<\/b><\/td>/);
  });
});
