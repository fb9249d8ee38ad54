// A joined log's target parts: a shard's failed-target invocation is taken out, and every run gets the joined targets
// (artifacts, ossast/targets, one failed-target invocation for all shards) and the joined manifest's name.
import { describe, expect, it } from 'vitest';
import { withJoinedTargets, withoutShardTargets } from '../../src/merge/shard-targets.js';
import { parseSarif } from '../../src/model/sarif.js';
import type { Manifest } from '../../src/model/manifest.js';

const shardLog = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep OSS' } },
      invocations: [
        { commandLine: 'semgrep scan', executionSuccessful: true },
        { commandLine: 'ossast retrieve and extract', executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'target Factory/B was not scanned: extract: corrupt' } }] },
      ],
      results: [],
    },
  ],
});

const targets: Manifest['targets'] = [
  {
    id: 'Factory/A',
    application: 'Factory',
    module: 'A',
    status: 'ok',
    source: { kind: 'app-zip', path: 'Factory.zip', sha256: 'a'.repeat(64), bytes: 10, archive: 'A.v1.zip', package: { sha256: 'p'.repeat(64), bytes: 100 } },
    extraction: { files: 1, bytes: 1, durationMs: 1 },
  },
  { id: 'Factory/B', application: 'Factory', module: 'B', status: 'failed', error: 'extract: corrupt', source: { kind: 'app-zip', path: 'Factory.zip' } },
];

describe('join-log', () => {
  it("takes a shard's failed-target invocation out and keeps its tool's", () => {
    const log = withoutShardTargets(parseSarif(shardLog, 'shard'));
    expect(log.runs[0]!.invocations!.map((i) => i.commandLine)).toEqual(['semgrep scan']);
  });

  it('every run lists the joined targets and names the manifest; a failed target fails the run, as in a full run', () => {
    const log = withJoinedTargets(
      {
        version: '2.1.0',
        runs: [
          { tool: { driver: { name: 'a' } }, results: [] },
          { tool: { driver: { name: 'b' } }, results: [] },
        ],
      },
      { targets, manifest: 'manifest.json', partial: true },
    );
    for (const run of log.runs) {
      expect(run.artifacts!.map((a) => a.location?.uri)).toEqual(['Factory.zip', 'A.v1.zip']);
      expect(run.artifacts![1]).toMatchObject({ parentIndex: 0, hashes: { 'sha-256': 'a'.repeat(64) }, length: 10 });
      expect(run.properties).toMatchObject({
        'ossast/manifest': 'manifest.json',
        'ossast/partial': true,
        'ossast/targets': [
          { id: 'Factory/A', status: 'ok' },
          { id: 'Factory/B', status: 'failed', error: 'extract: corrupt' },
        ],
      });
      expect(run.invocations).toEqual([expect.objectContaining({ commandLine: 'ossast retrieve and extract', executionSuccessful: false })]);
    }
  });
});
