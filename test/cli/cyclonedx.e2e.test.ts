// End to end: `ossast scan --format cyclonedx` on the demo application writes one SBOM per module and a VEX document,
// all valid against the official CycloneDX 1.6 schema, naming the platform's jQuery 1.8.3 and jQuery UI 1.8.24.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { cyclonedx16 } from '../support/cyclonedx-schema.js';

const root = tempDir();
const app = join(import.meta.dirname, '../../demo/app');

describe('ossast scan --format cyclonedx', () => {
  it('writes valid CycloneDX 1.6 SBOMs and VEX for the libraries the platform bundles', async () => {
    const out = join(root, 'out');
    const r = await runCli(['scan', app, '--out', out, '--format', 'cyclonedx,manifest', '--fail-on', 'none'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const validate = cyclonedx16();
    const sboms = readdirSync(join(out, 'sbom')).sort();
    expect(sboms.length).toBeGreaterThan(1);
    const docs = Object.fromEntries(sboms.map((f) => [f, JSON.parse(readFileSync(join(out, 'sbom', f), 'utf8'))]));
    for (const [f, d] of Object.entries(docs)) expect(validate(d), f).toEqual([]);
    const purls = Object.values(docs).flatMap((d) => d.components.map((c: { purl: string }) => c.purl));
    expect(purls).toEqual(expect.arrayContaining(['pkg:npm/jquery@1.8.3', 'pkg:npm/jquery-ui@1.8.24']));
    const vex = JSON.parse(readFileSync(join(out, 'vex.cdx.json'), 'utf8'));
    expect(validate(vex)).toEqual([]);
    const byId = Object.fromEntries(vex.vulnerabilities.map((v: { id: string }) => [v.id, v]));
    expect(byId['CVE-2019-11358'].analysis.state).toBe('false_positive');
    expect(byId['CVE-2019-11358'].advisories[0].url).toBe('https://success.outsystems.com/Support/Security/FALSE_POSITIVE_-_jQuery_1.8.3_flagged_as_a_vulnerable_library');
    expect(byId['CVE-2022-31160'].analysis).toMatchObject({ state: 'in_triage', response: ['can_not_fix'] });
    // Every affected reference is a BOM-Link to a component of one of the SBOMs written.
    const refs = new Set(Object.values(docs).flatMap((d) => d.components.map((c: { 'bom-ref': string }) => `${d.serialNumber.replace('urn:uuid:', 'urn:cdx:')}/1#${c['bom-ref']}`)));
    for (const v of vex.vulnerabilities) for (const a of v.affects) expect(refs.has(a.ref), a.ref).toBe(true);
  });
});
