// The join of a plan's shards beside the merged log: the joined manifest and exposure inventory, as one full run writes them.
import { rm } from 'node:fs/promises';
import { readSarifFile } from '../merge/read-sarif.js';
import { basename, dirname, join } from 'node:path';
import { evaluateGate } from '../gate/index.js';
import { levelSchema } from '../gate/config.js';
import { manifestSchema, type Manifest, type ShardAuthentication } from '../model/manifest.js';
import { MANIFEST_FILE } from '../report/manifest.js';
import { contentChunks, jsonFile } from '../model/report-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { exposureOutput } from '../exposure/exposure-file.js';
import type { ExposureRecord } from '../model/run-record.js';
import type { ReportFile } from '../model/report-file.js';
import { PipelineError } from '../util/errors.js';
import { controlsOf, loadControlMap, loadedRulesOf } from '../evidence/controls.js';
import type { Logger } from '../util/log.js';
import { joinManifests, type ShardManifest } from './join-manifests.js';
import { joinExposure } from './join-exposure.js';
import { readShardExposure } from './read-manifests.js';
import type { MergeTask } from '../merge/worker-protocol.js';

export interface PreparedJoin {
  shards: ShardManifest[];
  manifest: Omit<Manifest, 'results' | 'gate'>;
  exposure?: { file: ReportFile; record: ExposureRecord };
  /** What the merge puts in every run of the joined log (see join-log.ts). */
  log: NonNullable<MergeTask['join']>;
}

/**
 * Checks the shards and reads what they share before anything is merged: a shard's exposure inventory must be the
 * one its manifest records. The inventories are joined only when every shard has one (a shard whose inventory failed
 * says so in its log, which makes the join partial, as a full run would be).
 */
export async function prepareJoin(shards: ShardManifest[], now: Date, log: Pick<Logger, 'warn'>, authentication: ShardAuthentication): Promise<PreparedJoin> {
  const manifest = { ...joinManifests(shards, now).manifest, authentication };
  const reports = await Promise.all(shards.map(readShardExposure));
  const complete = reports.every((r) => r !== undefined);
  if (!complete && reports.some((r) => r !== undefined))
    log.warn(
      `no joined exposure inventory: ${shards
        .filter((_, i) => !reports[i])
        .map((s) => s.file)
        .join(', ')} ${reports.filter((r) => !r).length > 1 ? 'have' : 'has'} none (its exposure stage failed)`,
    );
  const allowLists = shards.find((s) => s.manifest.exposure)?.manifest.exposure?.allowLists ?? [];
  const exposure = complete && reports.length ? exposureOutput(joinExposure(reports, now), allowLists) : undefined;
  return {
    shards,
    manifest,
    ...(exposure ? { exposure } : {}),
    log: { targets: manifest.targets, manifest: MANIFEST_FILE, partial: shards.some((s) => s.manifest.gate.partial) },
  };
}

/** Writes `manifest.json` (and `exposure.json`) beside the merged log; returns the manifest's path and the joined gate. */
export async function writeJoinedManifest(prepared: PreparedJoin, mergedLog: string) {
  const { shards, manifest, exposure } = prepared;
  const gateOf = shards[0]!.manifest.gate;
  // The verdict of the joined log with the shards' own gate settings; a failed shard is never accepted here.
  const log = await readSarifFile(mergedLog, mergedLog);
  const gate = evaluateGate(log, { failOn: levelSchema.parse(gateOf.failOn), newOnly: gateOf.newOnly, max: gateOf.max, allowPartial: false });
  const expected = shards.reduce((n, s) => n + s.manifest.results.total, 0);
  if (gate.counts.total !== expected) {
    // The merged log is removed: nothing is left that looks like a complete join.
    await rm(mergedLog, { force: true });
    throw new PipelineError(
      `the merged log holds ${gate.counts.total} result(s) but the shards' manifests count ${expected}: a log and its manifest do not belong together`,
      "pass each shard's results.sarif with the manifest.json written beside it (or let ossast find them beside the logs)",
    );
  }
  const folder = dirname(mergedLog);
  const path = join(folder, MANIFEST_FILE);
  const r = exposure?.record;
  // Controls of the joined log, with every rule any shard ran (a shard's merged log keeps only rules with results).
  const shardControls = shards.flatMap((s) => (s.manifest.controls ? [s.manifest.controls] : []));
  const controls = shardControls.length ? controlsOf(log, await loadControlMap(), loadedRulesOf(shardControls)) : undefined;
  const joined = manifestSchema.parse({
    ...manifest,
    ...(r ? { exposure: { file: r.file, sha256: r.sha256, ...(r.probeUrl ? { probeUrl: r.probeUrl } : {}), counts: r.counts, allowLists: r.allowLists } } : {}),
    ...(controls ? { controls } : {}),
    results: { sarif: basename(mergedLog), total: gate.counts.total, suppressed: gate.counts.suppressed, byLevel: { error: gate.counts.error, warning: gate.counts.warning, note: gate.counts.note } },
    gate: { exitCode: gate.exitCode, failOn: gate.failOn, newOnly: gate.newOnly, max: gate.max, partial: gate.partial, failures: gate.failures, summary: gate.summary },
  });
  if (exposure) await writeFileAtomic(join(folder, exposure.file.name), contentChunks(exposure.file.content));
  await writeFileAtomic(path, contentChunks(jsonFile(joined, 2)));
  return { path, gate, ...(exposure ? { exposure: join(folder, exposure.file.name) } : {}) };
}
