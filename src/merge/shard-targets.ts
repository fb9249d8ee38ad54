// A log joined from shards lists its targets as one full run does: the shards' own target parts come out before the
// merge, and every run gets the joined targets (artifacts, `ossast/targets`, failed targets) and its manifest's name.
import type { Log } from 'sarif';
import * as z from 'zod';
import type { SarifLog } from '../model/sarif.js';
import type { MergeTask } from './worker-protocol.js';
import { addPipelineFailures } from './pipeline-failures.js';

/** The commandLine of the invocation addPipelineFailures adds for failed and fallen-back targets. */
const TARGETS_INVOCATION = 'ossast retrieve and extract';

/** Takes a shard's failed-target invocation out of its runs (in place): the joined one, for every shard, replaces it. */
export function withoutShardTargets(log: SarifLog): SarifLog {
  for (const run of log.runs) if (run.invocations) run.invocations = run.invocations.filter((i) => i.commandLine !== TARGETS_INVOCATION);
  return log;
}

/** What a shard's log says of its targets (`ossast/targets` in its runs' properties). */
const logTargetsSchema = z.array(z.looseObject({ id: z.string(), status: z.string(), sha256: z.string().optional() }));

/**
 * Why a shard's log does not go with the shards' manifests (undefined when it does): each target its runs list must be
 * in a manifest, with the same status and SHA-256. The joined log's targets come from the manifests, so a log that
 * scanned other bytes than its manifest records must not pass unnoticed.
 */
export function logTargetsMismatch(log: SarifLog, file: string, targets: NonNullable<MergeTask['join']>['targets']): string | undefined {
  const byId = new Map(targets.map((t) => [t.id, t]));
  for (const run of log.runs) {
    for (const t of logTargetsSchema.safeParse(run.properties?.['ossast/targets']).data ?? []) {
      const m = byId.get(t.id);
      const why = !m
        ? 'which no shard manifest lists'
        : m.status !== t.status
          ? `as ${t.status}, but the shard manifests record it ${m.status}`
          : (t.sha256 ?? '') !== (m.source.sha256 ?? '')
            ? `with SHA-256 ${t.sha256 ?? 'none'}, but the shard manifests record ${m.source.sha256 ?? 'none'}`
            : undefined;
      if (why) return `${file} lists module ${t.id} ${why}: a log and its manifest do not belong together`;
    }
  }
  return undefined;
}

/** Every run with the joined targets, as addPipelineFailures gives a full run's, and the properties its report adds. */
export function withJoinedTargets(log: Log, join: NonNullable<MergeTask['join']>): Log {
  const listed = addPipelineFailures(log, join.targets);
  return {
    ...listed,
    runs: listed.runs.map((run) => ({ ...run, properties: { ...run.properties, 'ossast/manifest': join.manifest, ...(join.partial ? { 'ossast/partial': true } : {}) } })),
  };
}
