// Puts target-level outcomes into the SARIF log: scanned modules as artifacts, failed targets as a failed invocation, fallbacks as notes.
import type { Invocation, Log, Notification, Run } from 'sarif';
import type { TargetRecord } from '../model/run-record.js';
import { AUTOMATION_PREFIX } from '../model/sarif-keys.js';
import { targetArtifacts } from './target-artifacts.js';

/** Returns a new log whose every run lists the targets and, when any failed, an unsuccessful "ossast sources" invocation. */
export function addPipelineFailures(log: Log, records: TargetRecord[]): Log {
  const failed = records.filter((r) => r.status === 'failed');
  const notes: Notification[] = [
    ...failed.map((r) => ({
      level: 'error' as const,
      descriptor: { id: 'ossast/target-failed' },
      message: { text: `target ${r.id} was not scanned: ${r.error ?? 'unknown error'}` },
    })),
    ...records
      .filter((r) => r.lifetime?.fallbackFrom)
      .map((r) => ({
        level: 'note' as const,
        descriptor: { id: 'ossast/size-fallback' },
        message: { text: `module ${r.id} was fetched on its own because application ${r.lifetime?.fallbackFrom} was over LifeTime's package size limit` },
      })),
  ];
  const invocation: Invocation | undefined = notes.length
    ? {
        commandLine: 'ossast retrieve and extract',
        executionSuccessful: failed.length === 0,
        toolExecutionNotifications: notes,
      }
    : undefined;
  const targets = records.map((r) => ({
    id: r.id,
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
    ...(r.source.sha256 ? { sha256: r.source.sha256 } : {}),
    ...(r.source.bytes !== undefined ? { bytes: r.source.bytes } : {}),
    ...(r.source.archive ? { archive: r.source.archive } : {}),
    ...(r.source.package ? { package: r.source.package } : {}),
    ...(r.lifetime?.fallbackFrom ? { fallbackFrom: r.lifetime.fallbackFrom } : {}),
  }));
  const withTargets = (run: Run): Run => ({
    ...run,
    artifacts: [...(run.artifacts ?? []), ...targetArtifacts(records, run.artifacts?.length ?? 0)],
    invocations: [...(run.invocations ?? []), ...(invocation ? [invocation] : [])],
    properties: { ...(run.properties ?? {}), 'ossast/targets': targets },
  });
  const runs = log.runs.length
    ? log.runs.map(withTargets)
    : [withTargets({ tool: { driver: { name: 'ossast', informationUri: 'https://github.com/ossast/ossast', rules: [] } }, automationDetails: { id: `${AUTOMATION_PREFIX}ossast/` }, results: [] })];
  return { ...log, runs };
}
