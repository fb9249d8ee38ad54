// Whether every target was really scanned: a target with no files, or of which no scanner scanned a file, has failed;
// the files scanners skipped or did not fully analyse, each once, go to the target they lie in.
import type { ScannerRun, SkippedFile } from '../scan/types.js';
import type { Inventory } from '../scan/inventory.js';
import type { SourceTarget } from '../extract/types.js';
import type { TargetRecord } from './record.js';
import { targetFinder } from '../merge/locations.js';

/**
 * Adds to each extracted target's record how many files it holds and how many each scanner scanned, and fails the
 * target (status "failed", which the gate counts as incomplete) when it holds no file, or when the scanners that
 * report what they scanned scanned none of its files. A scanner that does not report it neither passes nor fails a
 * target; when no scanner reports it, the record says so (scannedBy null).
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
  const skipped = new Map<string, Set<string>>();
  for (const path of skippedByPath(runs.flatMap((run) => run.skipped)).keys()) {
    const t = find(path);
    if (t) skipped.set(t.id, (skipped.get(t.id) ?? new Set()).add(path));
  }
  const ids = new Set(targets.map((t) => t.id));
  return records.map((r) => {
    if (r.status !== 'ok' || !ids.has(r.id)) return r;
    const files = inventory.filesByTarget.get(r.id) ?? 0;
    const scannedBy = Object.fromEntries(runs.map((run) => [run.scanner, scanned.get(run.scanner)?.get(r.id) ?? null]));
    const known = Object.values(scannedBy).filter((n): n is number => n !== null);
    const notFully = [...(skipped.get(r.id) ?? [])].sort();
    const withScan = { ...r, scan: { files, scannedBy, ...(notFully.length ? { skipped: notFully } : {}) } };
    if (files === 0) return { ...withScan, status: 'failed', error: 'scan: the target holds no files (an empty package, or folders only): there was nothing to scan' };
    if (known.length > 0 && known.every((n) => n === 0)) {
      return { ...withScan, status: 'failed', error: `scan: none of its ${files} file(s) was scanned by any scanner (${Object.entries(scannedBy).map(([s, n]) => `${s}: ${n ?? 'not reported'}`).join(', ')}); check the rules' languages and the files Semgrep skipped` };
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
