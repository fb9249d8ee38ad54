// Runs the configured scanners one after the other; a ScannerError becomes a failed run, never a pass.
import { mkdir } from 'node:fs/promises';
import { containment } from './process.js';
import { join } from 'node:path';
import type { Scanner, ScanRequest, ScannerRun } from './types.js';
import { ScannerError, ToolRefused } from './errors.js';
import { describeError, throwIfInterrupted } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { takeInventory, NEUTRALISED_SUFFIX, type Inventory } from './inventory.js';

export interface ScanOutcome {
  runs: ScannerRun[];
  inventory: Inventory;
}

export async function runScanners(scanners: Scanner[], req: Omit<ScanRequest, 'workDir' | 'files' | 'onlyTargets'> & { workRoot: string }): Promise<ScanOutcome> {
  const inventory = await takeInventory(req.sourceRoot, req.targets, new Set(scanners.flatMap((s) => s.ignoreFiles)));
  for (const path of inventory.neutralised) req.log.warn(`${path}: ignore file inside the sources neutralised (renamed to *${NEUTRALISED_SUFFIX}); files inside a package never change what is scanned`);
  // A tool that cannot be used as configured (e.g. an unsupported Semgrep) stops the run before anything is scanned.
  for (const scanner of scanners) await scanner.prepare?.(req);
  const runs: ScannerRun[] = [];
  for (const scanner of scanners) {
    throwIfInterrupted(req.signal);
    const workDir = join(req.workRoot, scanner.name);
    await mkdir(workDir, { recursive: true });
    const started = new Date().toISOString();
    req.log.progress(scanner.name, `scanning ${req.targets.length} target(s)`);
    let run: ScannerRun;
    try {
      run = await scanner.scan({ ...req, workDir, files: inventory.files, onlyTargets: inventory.onlyTargets });
      const coverage = run.scannedFiles ? `${run.rulesRun ?? '?'} rule(s) on ${run.scannedFiles.length} file(s)` : 'files scanned not reported by the tool';
      req.log.info(
        `${scanner.name}: ${run.invocation.executionSuccessful ? 'completed' : 'FAILED'}: ${coverage}` +
          ` (exit ${run.invocation.exitCode ?? 'none'}, ${countResults(run)} result(s), ${new Set(run.skipped.map((s) => s.path)).size} file(s) skipped or not fully analysed)`,
      );
      req.log.debug(`${scanner.name}: ran \`${run.invocation.commandLine}\` in ${Date.now() - Date.parse(started)} ms`);
      req.log.debug(`${scanner.name}: its processes were contained by ${containmentNote()}`);
    } catch (err) {
      // Stopped by a signal, or a tool refused (e.g. it reported an unsupported version): not a scanner failure to
      // record, the whole run ends here.
      throwIfInterrupted(req.signal);
      if (err instanceof ToolRefused) throw err;
      run = failedRun(scanner.name, err, started);
      req.log.error(describeError(err));
    } finally {
      req.log.progress(scanner.name, '');
    }
    runs.push(withNeutralised(run, scanner, inventory.neutralised));
  }
  return { runs, inventory };
}

/** The ignore files this scanner would have read are listed on its run, so the log shows they were found and not obeyed. */
function withNeutralised(run: ScannerRun, scanner: Scanner, paths: string[]): ScannerRun {
  const own = paths.filter((p) => scanner.ignoreFiles.includes(p.slice(p.lastIndexOf('/') + 1)));
  if (own.length === 0) return run;
  const notes = own.map((uri) => ({ level: 'warning' as const, message: `ignore file found inside the sources and neutralised (not obeyed): ${uri}`, descriptor: 'ossast/ignore-file-neutralised', uri }));
  return { ...run, notifications: [...run.notifications, ...notes] };
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

/** How the tools' processes were kept from outliving them (see process.ts), for the verbose log. */
function containmentNote(): string {
  const how = containment();
  if (how === 'subreaper') return 'a child subreaper (every process below the tool is killed when it ends)';
  if (how === 'group') return 'its process group only (python3 or prctl not available: a process that leaves the group can outlive the run)';
  return 'nothing (no process started)';
}
