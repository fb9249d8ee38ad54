// The evidence kept about one scanner run (for the audit manifest).
import type { ScannerRun } from './types.js';
import type { ScannerRecord } from '../model/run-record.js';

export function scannerRecord(r: ScannerRun): ScannerRecord {
  const toolName = r.sarif?.runs[0]?.tool.driver.name;
  return {
    name: r.scanner,
    ...(toolName ? { toolName } : {}),
    ...(r.toolVersion ? { version: r.toolVersion } : {}),
    commandLine: r.invocation.commandLine,
    exitCode: r.invocation.exitCode,
    executionSuccessful: r.invocation.executionSuccessful,
    startedAt: r.invocation.startTimeUtc,
    finishedAt: r.invocation.endTimeUtc,
    rules: r.rules,
    skipped: r.skipped,
    ...(r.coverageUnknownAccepted ? { coverage: 'unknown-accepted' as const } : {}),
    ...(r.failure ? { error: r.failure } : {}),
    ...(r.cache ? { cache: r.cache } : {}),
  };
}
