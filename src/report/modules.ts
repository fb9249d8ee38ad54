// Every target as a row of the human reports (scanned and clean, with findings, partly scanned, failed), and the
// files scanners skipped, named once each: so a clean module never looks like one that was not scanned.
import type { RunRecord } from '../model/run-record.js';
import { skippedByPath } from '../scan/coverage.js';
import { tally, type Finding, type Tally } from './result-rows.js';
import { compareText } from '../util/compare.js';

export type ModuleStatus = 'clean' | 'findings' | 'partial' | 'failed';

export interface ModuleRow {
  /** Target id ("App/Module"), or the module of findings that belong to no target ("(other)"). */
  id: string;
  /** Module name alone, for narrow displays. */
  name: string;
  application?: string;
  status: ModuleStatus;
  tally: Tally;
  /** Files of this module a scanner skipped or did not fully analyse. */
  skipped: string[];
  error?: string;
}

const zero = (): Tally => ({ error: 0, warning: 0, note: 0, suppressed: 0, new: 0 });

/**
 * One row per target, in id order, plus rows for findings outside every target. Failed: the target failed;
 * partial: some of its files were skipped or not fully analysed; clean: scanned, no unsuppressed finding.
 * Linear in the findings and the targets.
 */
export function moduleRows(record: RunRecord, findings: readonly Finding[]): ModuleRow[] {
  const counts = tally(findings, (f) => f.module);
  const names = new Map<string, { name: string; application?: string }>();
  for (const f of findings) if (!names.has(f.module)) names.set(f.module, { name: f.moduleName, ...(f.application ? { application: f.application } : {}) });
  const rows = new Map<string, ModuleRow>();
  for (const t of record.targets) {
    const c = counts.get(t.id) ?? zero();
    const skipped = t.scan?.skipped ?? [];
    const open = c.error + c.warning + c.note > 0;
    const status: ModuleStatus = t.status === 'failed' ? 'failed' : skipped.length ? 'partial' : open ? 'findings' : 'clean';
    rows.set(t.id, { id: t.id, name: t.module ?? t.id, ...(t.application ? { application: t.application } : {}), status, tally: c, skipped, ...(t.error ? { error: t.error } : {}) });
  }
  for (const [id, c] of counts) {
    const n = names.get(id);
    if (!rows.has(id)) rows.set(id, { id, name: n?.name ?? id, ...(n?.application ? { application: n.application } : {}), status: c.error + c.warning + c.note > 0 ? 'findings' : 'clean', tally: c, skipped: [] });
  }
  return [...rows.values()].sort((a, b) => compareText(a.id, b.id));
}

/** How a status reads in a table cell. */
export const STATUS_TEXT: Record<ModuleStatus, string> = { clean: 'clean', findings: 'findings', partial: 'partial', failed: 'FAILED' };

/** What each status means, for a line under the table. */
export const STATUS_LEGEND = 'clean: scanned, no unsuppressed finding; partial: some files skipped or not fully analysed; FAILED: not scanned';

/** The files any scanner skipped or did not fully analyse, once each, sorted, with their reasons. */
export function skippedFiles(record: RunRecord): { path: string; reasons: string[] }[] {
  return [...skippedByPath(record.scanners.flatMap((s) => s.skipped))].map(([path, reasons]) => ({ path, reasons })).sort((a, b) => compareText(a.path, b.path));
}

/** "a, b, c and 7 more": at most `max` names. */
export function nameList(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** One line naming the skipped files (empty when none). */
export function skippedLine(record: RunRecord, max = 10): string {
  const files = skippedFiles(record);
  if (!files.length) return '';
  const reasons = [...new Set(files.flatMap((f) => f.reasons))];
  return `${files.length} file(s) skipped or not fully analysed (${nameList(reasons, 3)}): ${nameList(
    files.map((f) => f.path),
    max,
  )}`;
}
