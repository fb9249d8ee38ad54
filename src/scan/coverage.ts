// Whether every target was really scanned, on positive evidence only: a target with no files, one no scanner shows it
// scanned, or one holding a file a scanner did not analyse, has failed; skipped files, each once, go to their target.
import type { ScannerRun, SkippedFile } from './types.js';
import type { Inventory } from './inventory.js';
import type { SourceTarget } from '../model/targets.js';
import type { TargetRecord } from '../model/run-record.js';
import { targetFinder } from '../model/locations.js';
import { notAnalysed } from './skips.js';

/**
 * Adds to each extracted target's record how many files it holds and how many each scanner scanned, and fails the
 * target (status "failed", which the gate counts as incomplete, exit 3 unless --allow-partial) unless there is
 * positive evidence that it was scanned in full:
 * - it holds no file;
 * - a scanner that ran does not report which files it analysed (coverage unknown), unless the user accepted that
 *   for that scanner (scanners[].coverage: unknown-accepted);
 * - the scanners that report what they analysed analysed none of its files, and no accepted scanner covers it;
 * - a file of it was not analysed (skipped for size, timed out, a parse the tool did not recover from): see skips.ts.
 */
export function judgeCoverage(records: TargetRecord[], sourceRoot: string, targets: SourceTarget[], runs: ScannerRun[], inventory: Inventory): TargetRecord[] {
  const find = targetFinder(sourceRoot, targets);
  const scanned = new Map<string, Map<string, number>>();
  for (const run of runs) {
    if (!run.scannedFiles) continue;
    const counts = new Map<string, number>(targets.map((t) => [t.id, 0]));
    for (const f of run.scannedFiles) {
      const t = find(f);
      if (t) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
    }
    scanned.set(run.scanner, counts);
  }
  const skipped = new Map<string, Map<string, string[]>>();
  for (const [path, reasons] of skippedByPath(runs.flatMap((run) => run.skipped))) {
    const t = find(path);
    if (t) skipped.set(t.id, (skipped.get(t.id) ?? new Map<string, string[]>()).set(path, reasons));
  }
  // A scanner that failed already fails the run; the others must say what they analysed, or be accepted as unable to.
  const ran = runs.filter((run) => run.invocation.executionSuccessful);
  const unknown = ran.filter((run) => !run.scannedFiles && !run.coverageUnknownAccepted).map((run) => run.scanner);
  const accepted = ran.filter((run) => !run.scannedFiles && run.coverageUnknownAccepted).map((run) => run.scanner);
  const ids = new Set(targets.map((t) => t.id));
  return records.map((r) => {
    if (r.status !== 'ok' || !ids.has(r.id)) return r;
    const files = inventory.filesByTarget.get(r.id) ?? 0;
    const scannedBy = Object.fromEntries(runs.map((run) => [run.scanner, scanned.get(run.scanner)?.get(r.id) ?? null]));
    const known = ran.map((run) => scanned.get(run.scanner)?.get(r.id)).filter((n): n is number => n !== undefined);
    const skips = skipped.get(r.id) ?? new Map<string, string[]>();
    const notFully = [...skips.keys()].sort();
    const withScan = { ...r, scan: { files, scannedBy, ...(notFully.length ? { skipped: notFully } : {}), ...(accepted.length ? { coverageUnknownAccepted: accepted } : {}) } };
    if (files === 0) return { ...withScan, status: 'failed', error: 'scan: the target holds no files (an empty package, or folders only): there was nothing to scan' };
    if (unknown.length) {
      return {
        ...withScan,
        status: 'failed',
        error: `scan: coverage unknown: scanner(s) ${unknown.join(', ')} did not report which files they analysed (SARIF run.artifacts), so nothing shows that the target's ${files} file(s) were scanned; make the tool list the files it analysed, or accept it with coverage: unknown-accepted on that scanner`,
      };
    }
    if (!accepted.length && known.every((n) => n === 0)) {
      return {
        ...withScan,
        status: 'failed',
        error: `scan: none of its ${files} file(s) was scanned by any scanner (${Object.entries(scannedBy)
          .map(([s, n]) => `${s}: ${n ?? 'not reported'}`)
          .join(', ')}); check the rules' languages and the files Semgrep skipped`,
      };
    }
    const missed = [...skips].filter(([, reasons]) => notAnalysed(reasons)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (missed.length) {
      const shown = missed.slice(0, 3).map(([p, reasons]) => `${p} (${reasons.join('; ')})`);
      return {
        ...withScan,
        status: 'failed',
        error: `scan: ${missed.length} file(s) not analysed, so its results are incomplete: ${shown.join(', ')}${missed.length > 3 ? ` and ${missed.length - 3} more` : ''}; raise the scanner's maxTargetBytes or timeouts, or accept partial results with --allow-partial`,
      };
    }
    return withScan;
  });
}

/** Skipped files once each, with every reason given for them (a file Semgrep times out on is reported once per rule). */
export function skippedByPath(skipped: readonly SkippedFile[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const s of skipped) {
    const reasons = m.get(s.path);
    if (!reasons) m.set(s.path, [s.reason]);
    else if (!reasons.includes(s.reason)) reasons.push(s.reason);
  }
  return m;
}
