// The CycloneDX outputs: one SBOM per module and one VEX document, valid against the official CycloneDX 1.6 JSON
// schema (from @cyclonedx/cyclonedx-library), the VEX linked to the SBOMs' components by BOM-Link.
import { describe, expect, it } from 'vitest';
import { contentText } from '../../src/model/report-file.js';
import { cyclonedxReporter, sbomName } from '../../src/report/cyclonedx.js';
import type { LibrariesRecord } from '../../src/model/libraries.js';
import { reportInput } from '../support/report-input.js';
import { cyclonedx16 } from '../support/cyclonedx-schema.js';

const validate = cyclonedx16();
const lib = (name: string, version: string | undefined, file: string) => ({ name, ...(version ? { version } : {}), purl: `pkg:npm/${name}${version ? `@${version}` : ''}`, file, sha256: 'a'.repeat(64), evidence: `${name} banner` });
const libraries: LibrariesRecord = {
  targets: [
    { id: 'Shop/ShopCore', module: 'ShopCore', application: 'Shop', libraries: [lib('jquery', '1.8.3', '_osjs.js'), lib('jquery', '1.8.3', 'scripts/copy.js'), lib('history', undefined, 'scripts/OutSystemsReactView.js')] },
    { id: 'Shop/Shop UI', module: 'Shop UI', libraries: [lib('jquery-ui', '1.8.24', 'scripts/jquery-ui.js')] },
    { id: 'Shop/Empty', module: 'Empty', libraries: [] },
  ],
  statements: [
    { library: 'jquery', version: '1.8.3', id: 'CVE-2019-11358', state: 'false_positive', detail: 'vendor says so', source: { name: 'OutSystems article', url: 'https://success.outsystems.com/x' }, listedBy: 'RetireJS' },
    { library: 'jquery-ui', version: '1.8.24', id: 'CVE-2021-41182', state: 'in_triage', response: ['can_not_fix'], detail: 'no position', source: { name: 'OutSystems SAST', url: 'https://success.outsystems.com/y' }, listedBy: 'RetireJS' },
  ],
};

async function rendered(lib?: LibrariesRecord) {
  const input = reportInput([]);
  const files = cyclonedxReporter.render({ ...input, record: { ...input.record, ...(lib ? { libraries: lib } : {}) } });
  return Promise.all(files.map(async (f) => ({ name: f.name, doc: JSON.parse(await contentText(f.content)) })));
}

describe('cyclonedx output', () => {
  it('writes an SBOM per module and a VEX document, each valid CycloneDX 1.6', async () => {
    const files = await rendered(libraries);
    expect(files.map((f) => f.name)).toEqual(['sbom/Shop_ShopCore.cdx.json', 'sbom/Shop_Shop_UI.cdx.json', 'sbom/Shop_Empty.cdx.json', 'vex.cdx.json']);
    for (const f of files) expect(validate(f.doc), f.name).toEqual([]);
  });

  it('names each library once per module with its package URL and every file it was found in', async () => {
    const [core] = await rendered(libraries);
    expect(core!.doc.metadata.component).toMatchObject({ name: 'ShopCore', group: 'Shop', 'bom-ref': 'module:Shop/ShopCore' });
    expect(core!.doc.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:npm/history', 'pkg:npm/jquery@1.8.3']);
    expect(core!.doc.components[1].evidence.occurrences).toEqual([{ location: '_osjs.js' }, { location: 'scripts/copy.js' }]);
  });

  it("states the vendor's position per CVE, with its source, affecting the components by BOM-Link", async () => {
    const files = await rendered(libraries);
    const core = files[0]!.doc;
    const vex = files.at(-1)!.doc;
    expect(vex.vulnerabilities[0]).toMatchObject({
      id: 'CVE-2019-11358',
      source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2019-11358' },
      advisories: [{ title: 'OutSystems article', url: 'https://success.outsystems.com/x' }],
      analysis: { state: 'false_positive', detail: 'vendor says so' },
      affects: [{ ref: `${core.serialNumber.replace('urn:uuid:', 'urn:cdx:')}/1#pkg:npm/jquery@1.8.3` }],
    });
    expect(vex.vulnerabilities[1].analysis).toEqual({ state: 'in_triage', response: ['can_not_fix'], detail: 'no position' });
  });

  it('is refused by the schema when a document breaks it (the validator is not empty)', async () => {
    const [core] = await rendered(libraries);
    expect(validate({ ...core!.doc, bomFormat: 'SPDX' }).join('\n')).toContain('must be equal to one of the allowed values');
    expect(validate({ ...core!.doc, components: [{ type: 'library' }] }).join('\n')).toContain("must have required property 'name'");
  });

  it('writes nothing without a libraries record, and names files safely', async () => {
    expect(await rendered()).toEqual([]);
    expect(sbomName('../x/..y')).toBe('sbom/__x_..y.cdx.json');
  });
});
