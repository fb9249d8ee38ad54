// Runs the configured scanners one after the other; a ScannerError becomes a failed run, never a pass.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scanner, ScanRequest, ScannerRun } from './types.js';
import { ScannerError } from './errors.js';
import { describeError } from '../util/errors.js';
import { redact } from '../util/redact.js';

export async function runScanners(scanners: Scanner[], req: Omit<ScanRequest, 'workDir'> & { workRoot: string }): Promise<ScannerRun[]> {
  const runs: ScannerRun[] = [];
  for (const scanner of scanners) {
    const workDir = join(req.workRoot, scanner.name);
    await mkdir(workDir, { recursive: true });
    const started = new Date().toISOString();
    req.log.progress(scanner.name, `scanning ${req.targets.length} target(s)`);
    try {
      const run = await scanner.scan({ ...req, workDir });
      req.log.info(
        `${scanner.name}: ${run.invocation.executionSuccessful ? 'completed' : 'FAILED'}` +
          ` (exit ${run.invocation.exitCode ?? 'none'}, ${countResults(run)} result(s), ${run.skipped.length} file(s) skipped)`,
      );
      runs.push(run);
    } catch (err) {
      runs.push(failedRun(scanner.name, err, started));
      req.log.error(describeError(err));
    } finally {
      req.log.progress(scanner.name, '');
    }
  }
  return runs;
}

function countResults(run: ScannerRun): number {
  return (run.sarif?.runs ?? []).reduce((n, r) => n + (r.results?.length ?? 0), 0);
}

/** The run recorded for a scanner that failed: no results, executionSuccessful false, the reason as an error notification. */
export function failedRun(scanner: string, err: unknown, startedAt: string): ScannerRun {
  const f = err instanceof ScannerError ? err.failure : undefined;
  const message = redact(err instanceof Error ? err.message : String(err));
  const detail = f?.stderrTail ? `${message}\n--- last lines of stderr ---\n${f.stderrTail}` : message;
  return {
    scanner,
    invocation: {
      commandLine: f?.commandLine ?? scanner,
      exitCode: f?.exitCode ?? null,
      ...(f?.signal ? { signal: f.signal } : {}),
      startTimeUtc: f?.startTimeUtc ?? startedAt,
      endTimeUtc: f?.endTimeUtc ?? new Date().toISOString(),
      executionSuccessful: false,
    },
    notifications: [{ level: 'error', message: detail, descriptor: `ossast/scanner-${f?.kind ?? 'crash'}` }],
    skipped: [],
    rules: [],
    failure: message,
  };
}
