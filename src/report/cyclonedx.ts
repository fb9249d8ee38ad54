// CycloneDX 1.6 outputs of the platform libraries found in the modules: one SBOM per module (sbom/<target>.cdx.json,
// components with package URLs and the evidence that found them) and one VEX document (vex.cdx.json) stating, for
// their known vulnerabilities, what the vendor documents, each linked to the components by BOM-Link.
import { createHash } from 'node:crypto';
import type { LibrariesRecord, LibraryFinding } from '../model/libraries.js';
import { jsonFile } from '../model/report-file.js';
import type { ReportFile } from '../model/report-file.js';
import type { Reporter, ReportInput } from './types.js';

export const SBOM_DIR = 'sbom';
export const VEX_FILE = 'vex.cdx.json';

/** A UUID (version 4 layout) derived from the text: the same run names its documents the same way. */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The SBOM file of a target: its id with every character outside [A-Za-z0-9._-] as "_". */
export const sbomName = (targetId: string): string => `${SBOM_DIR}/${targetId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.cdx.json`;

interface Component {
  ref: string;
  name: string;
  version?: string;
  purl: string;
  found: LibraryFinding[];
}

/** One component per package URL, with every file it was found in. */
function componentsOf(libraries: LibraryFinding[]): Component[] {
  const byPurl = new Map<string, Component>();
  for (const l of libraries) {
    const c = byPurl.get(l.purl) ?? { ref: l.purl, name: l.name, ...(l.version ? { version: l.version } : {}), purl: l.purl, found: [] };
    c.found.push(l);
    byPurl.set(l.purl, c);
  }
  return [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

const tools = (version: string) => ({ components: [{ type: 'application', name: 'ossast', version }] });

function sbomOf(t: LibrariesRecord['targets'][number], serial: string, input: ReportInput) {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    metadata: {
      timestamp: input.now.toISOString(),
      tools: tools(input.record.ossastVersion),
      component: { type: 'application', 'bom-ref': `module:${t.id}`, name: t.module, ...(t.application ? { group: t.application } : {}), description: 'OutSystems module, as scanned by ossast' },
    },
    components: componentsOf(t.libraries).map((c) => ({
      type: 'library',
      'bom-ref': c.ref,
      name: c.name,
      ...(c.version ? { version: c.version } : {}),
      purl: c.purl,
      evidence: {
        identity: [{ field: 'purl', confidence: c.version ? 0.9 : 0.5, concludedValue: c.purl, methods: [{ technique: 'source-code-analysis', confidence: c.version ? 0.9 : 0.5, value: c.found[0]!.evidence }] }],
        occurrences: c.found.map((f) => ({ location: f.file })),
      },
      properties: c.found.map((f) => ({ name: 'ossast:file-sha256', value: `${f.sha256}  ${f.file}` })),
    })),
  };
}

function render(input: ReportInput): ReportFile[] {
  const lib = input.record.libraries;
  if (!lib) return [];
  const serials = new Map(lib.targets.map((t) => [t.id, uuidOf(`${input.record.startedAt}\0sbom\0${t.id}`)]));
  const files: ReportFile[] = lib.targets.map((t) => ({ name: sbomName(t.id), content: jsonFile(sbomOf(t, serials.get(t.id)!, input), 2) }));
  const vulnerabilities = lib.statements.map((s) => {
    const affects = lib.targets.flatMap((t) =>
      componentsOf(t.libraries)
        .filter((c) => c.name === s.library && c.version === s.version)
        .map((c) => ({ ref: `urn:cdx:${serials.get(t.id)}/1#${c.ref}` })),
    );
    return {
      id: s.id,
      source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${s.id}` },
      advisories: [{ title: s.source.name, url: s.source.url }],
      analysis: { state: s.state, ...(s.response ? { response: s.response } : {}), detail: s.detail },
      affects,
      properties: [{ name: 'ossast:listed-by', value: s.listedBy }],
    };
  });
  const vex = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidOf(`${input.record.startedAt}\0vex`)}`,
    version: 1,
    metadata: { timestamp: input.now.toISOString(), tools: tools(input.record.ossastVersion) },
    vulnerabilities,
  };
  return [...files, { name: VEX_FILE, content: jsonFile(vex, 2) }];
}

export const cyclonedxReporter = { format: 'cyclonedx', render } satisfies Reporter;
