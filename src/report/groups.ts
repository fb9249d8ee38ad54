// Suppressed findings in two groups an auditor treats differently: platform-owned code (to forward to OutSystems)
// and the team's own accepted risks; each entry once, with its count and justification.
import type { RunRecord } from '../model/run-record.js';
import type { Finding } from './result-rows.js';
import { compareText } from '../util/compare.js';

export const PLATFORM_TITLE = 'Suppressed: platform-owned code (report to OutSystems)';
export const TEAM_TITLE = "Suppressed by the team's own entries";

/** How each entry category reads in the reports (the suppression's ossast/group). */
const GROUP_LABELS: Record<string, string> = {
  'platform-false-positive': 'false positive per OutSystems',
  'vendor-code': 'vendor code: report to OutSystems',
};
export const groupLabel = (group: string | undefined) => (group === undefined ? 'built-in entry' : (GROUP_LABELS[group] ?? group));

export interface SuppressedEntry {
  entry: string;
  group?: string;
  justification: string;
  reference?: string;
  count: number;
}

export interface SuppressedGroups {
  platform: SuppressedEntry[];
  team: SuppressedEntry[];
}

/**
 * Counts the present suppressed findings per entry, split by owner: an entry with a category (ossast/group), or
 * from a built-in suppression file, is about platform-owned code; every other one (the team's files, accepted
 * in-source comments) is the team's. Most findings first. Linear in the findings.
 */
export function suppressedGroups(findings: readonly Finding[], record: RunRecord): SuppressedGroups {
  const builtin = new Set(record.suppressions.files.filter((f) => f.builtin).map((f) => f.path));
  const platform = new Map<string, SuppressedEntry>();
  const team = new Map<string, SuppressedEntry>();
  for (const f of findings) {
    const s = f.suppression;
    if (!f.suppressed || !s || f.baseline === 'absent') continue;
    const isPlatform = s.group !== undefined || (s.file !== undefined && builtin.has(s.file));
    const into = isPlatform ? platform : team;
    const key = s.entry ?? (s.kind === 'inSource' ? '(in-source comment)' : `(${s.kind})`);
    const e = into.get(key);
    if (e) e.count++;
    else into.set(key, { entry: key, ...(s.group ? { group: s.group } : {}), justification: s.justification, ...(s.reference ? { reference: s.reference } : {}), count: 1 });
  }
  const sorted = (m: Map<string, SuppressedEntry>) => [...m.values()].sort((a, b) => b.count - a.count || compareText(a.entry, b.entry));
  return { platform: sorted(platform), team: sorted(team) };
}
