// The audit manifest: what was scanned (packages and hashes), how (tools, rules, commands), what was accepted and why.
import type { Reporter, ReportInput } from './types.js';
import { manifestSchema, type Manifest } from '../model/manifest.js';
import { jsonFile } from '../model/report-file.js';
import { skippedByPath } from '../scan/coverage.js';

export const MANIFEST_FILE = 'manifest.json';
export const SARIF_FILE = 'results.sarif';

export function buildManifest(input: ReportInput): Manifest {
  const { record, gate } = input;
  const manifest: Manifest = {
    kind: 'ossast-audit-manifest',
    manifestVersion: 1,
    ossastVersion: record.ossastVersion,
    generatedAt: input.now.toISOString(),
    startedAt: record.startedAt,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    ...(record.config ? { config: record.config } : {}),
    targets: record.targets,
    // One entry per skipped file (Semgrep reports a file it times out on once per rule), its reasons joined.
    scanners: record.scanners.map((s) => ({ ...s, skipped: [...skippedByPath(s.skipped)].map(([path, reasons]) => ({ path, reason: reasons.join('; ') })) })),
    suppressions: record.suppressions,
    ...(record.baseline ? { baseline: record.baseline } : {}),
    ...(record.shard ? { shard: record.shard } : {}),
    ...(record.joined ? { joined: record.joined } : {}),
    ...(record.provenance ? { provenance: record.provenance } : {}),
    ...(record.scope ? { scope: record.scope } : {}),
    ...(record.exposure
      ? { exposure: { file: record.exposure.file, sha256: record.exposure.sha256, ...(record.exposure.probeUrl ? { probeUrl: record.exposure.probeUrl } : {}), counts: record.exposure.counts, allowLists: record.exposure.allowLists } }
      : {}),
    ...(record.controls ? { controls: record.controls } : {}),
    results: {
      sarif: input.outputNames?.sarif ?? SARIF_FILE,
      total: gate.counts.total,
      suppressed: gate.counts.suppressed,
      byLevel: { error: gate.counts.error, warning: gate.counts.warning, note: gate.counts.note },
    },
    gate: { exitCode: gate.exitCode, failOn: gate.failOn, newOnly: gate.newOnly, max: gate.max, partial: gate.partial, failures: gate.failures, summary: gate.summary },
  };
  // Validate what we write against the published schema (secrets are redacted string by string when it is written).
  return manifestSchema.parse(manifest);
}

export const manifestReporter = {
  format: 'manifest',
  render: (input) => [{ name: MANIFEST_FILE, content: jsonFile(buildManifest(input), 2) }],
} satisfies Reporter;
