// Writes the joined manifest beside the merged log: the shards' evidence joined, results and gate from the joined log.
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseSarif } from './sarif-schema.js';
import { evaluateGate } from '../gate/index.js';
import { levelSchema } from '../gate/config.js';
import { manifestSchema } from '../report/manifest-schema.js';
import { MANIFEST_FILE } from '../report/manifest.js';
import { jsonFile } from '../report/content.js';
import { writeOutputFile } from '../report/write.js';
import { PipelineError } from '../util/errors.js';
import { joinManifests, type ShardManifest } from './join-manifests.js';

/** Joins the shards' manifests into `<folder of the merged log>/manifest.json`; returns its path and the joined gate. */
export async function writeJoinedManifest(shards: ShardManifest[], mergedLog: string, now = new Date()) {
  const { manifest } = joinManifests(shards, now);
  const gateOf = shards[0]!.manifest.gate;
  // The verdict of the joined log with the shards' own gate settings; a failed shard is never accepted here.
  const gate = evaluateGate(parseSarif(await readFile(mergedLog, 'utf8'), mergedLog), { failOn: levelSchema.parse(gateOf.failOn), newOnly: gateOf.newOnly, max: gateOf.max, allowPartial: false });
  const expected = shards.reduce((n, s) => n + s.manifest.results.total, 0);
  if (gate.counts.total !== expected) {
    // The merged log is removed: nothing is left that looks like a complete join.
    await rm(mergedLog, { force: true });
    throw new PipelineError(`the merged log holds ${gate.counts.total} result(s) but the shards' manifests count ${expected}: a log and its manifest do not belong together`, 'pass each shard\'s results.sarif with the manifest.json written beside it (or let ossast find them beside the logs)');
  }
  const path = join(dirname(mergedLog), MANIFEST_FILE);
  const joined = manifestSchema.parse({
    ...manifest,
    results: { sarif: basename(mergedLog), total: gate.counts.total, suppressed: gate.counts.suppressed, byLevel: { error: gate.counts.error, warning: gate.counts.warning, note: gate.counts.note } },
    gate: { exitCode: gate.exitCode, failOn: gate.failOn, newOnly: gate.newOnly, max: gate.max, partial: gate.partial, failures: gate.failures, summary: gate.summary },
  });
  await writeOutputFile(path, jsonFile(joined, 2));
  return { path, gate };
}
