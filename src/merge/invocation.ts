// Builds a run's SARIF invocation from a ScannerRun: redacted command line, exit code, times, notifications, skips.
import type { Invocation, Notification } from 'sarif';
import type { ScannerRun } from '../scan/types.js';
import { SRCROOT } from '../model/sarif-keys.js';
import { redact } from '../util/redact.js';

export function invocationOf(run: ScannerRun): Invocation {
  const toolNotes: Notification[] = (run.sarif?.runs ?? []).flatMap((r) => (r.invocations ?? []).flatMap((i) => i.toolExecutionNotifications ?? []));
  const ours: Notification[] = run.notifications.map((n) => ({
    level: n.level,
    message: { text: redact(n.message) },
    ...(n.descriptor ? { descriptor: { id: n.descriptor } } : {}),
    ...(n.uri ? { locations: [{ physicalLocation: { artifactLocation: { uri: n.uri, uriBaseId: SRCROOT } } }] } : {}),
  }));
  const skipped: Notification[] = run.skipped.map((s) => ({
    level: 'warning',
    message: { text: `file not (fully) scanned: ${s.path} (${s.reason})` },
    descriptor: { id: 'ossast/skipped-file' },
    locations: [{ physicalLocation: { artifactLocation: { uri: s.path, uriBaseId: SRCROOT } } }],
  }));
  const notes = [...toolNotes, ...ours, ...skipped];
  return {
    ...(run.invocation.commandLine ? { commandLine: redact(run.invocation.commandLine) } : {}),
    ...(run.invocation.exitCode !== null ? { exitCode: run.invocation.exitCode } : {}),
    ...(run.invocation.signal ? { exitSignalName: run.invocation.signal } : {}),
    ...(run.invocation.startTimeUtc ? { startTimeUtc: run.invocation.startTimeUtc } : {}),
    ...(run.invocation.endTimeUtc ? { endTimeUtc: run.invocation.endTimeUtc } : {}),
    executionSuccessful: run.invocation.executionSuccessful,
    ...(notes.length ? { toolExecutionNotifications: notes } : {}),
  };
}
