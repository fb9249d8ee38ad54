// Marks matching results as suppressed (never deletes them) and reports which entries applied, expired or matched nothing.
import { createHash } from 'node:crypto';
import type { Log, Result, Run, Suppression } from 'sarif';
import type { SuppressionSet, LoadedEntry } from './load.js';
import { compileMatch, factsOf } from './match.js';
import { fingerprintOf } from '../merge/conventions.js';

export interface EntryOutcome {
  id: string;
  file: string;
  line?: number;
  matched: number;
  state: 'applied' | 'unused' | 'expired';
  expires?: string;
}

export interface SuppressionReport {
  files: SuppressionSet['files'];
  entries: EntryOutcome[];
  /** Results suppressed in source by the tool itself (e.g. nosemgrep). */
  inSource: number;
  warnings: string[];
}

/** Deterministic UUID (v5 layout) so reruns give the same suppression guid. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

export function applySuppressions(log: Log, set: SuppressionSet, now: Date): { log: Log; report: SuppressionReport } {
  const day = today(now);
  const live = set.entries.filter((e) => !e.expires || e.expires >= day);
  const compiled = live.map((e) => ({ e, test: compileMatch(e.match) }));
  const counts = new Map<string, number>();
  let inSource = 0;

  const runs = log.runs.map((run): Run => ({
    ...run,
    results: (run.results ?? []).map((result): Result => {
      const kept = normaliseExisting(result);
      inSource += kept.some((s) => s.kind === 'inSource') ? 1 : 0;
      const earlier = kept.find((s) => s.kind === 'external' && typeof s.properties?.['ossast/entry'] === 'string');
      if (earlier) {
        // Already suppressed by an earlier ossast pass (e.g. `ossast gate` on ossast's own log): keep, still count it.
        const id = String(earlier.properties?.['ossast/entry']);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        return { ...result, suppressions: kept };
      }
      const facts = factsOf(run, result);
      const hit = compiled.find((c) => c.test(facts));
      if (!hit) return { ...result, suppressions: kept };
      counts.set(hit.e.id, (counts.get(hit.e.id) ?? 0) + 1);
      return { ...result, suppressions: [...kept, suppressionOf(hit.e, result)] };
    }),
  }));

  const entries: EntryOutcome[] = set.entries.map((e) => {
    const expired = Boolean(e.expires && e.expires < day);
    const matched = counts.get(e.id) ?? 0;
    return { id: e.id, file: e.file, ...(e.line ? { line: e.line } : {}), matched, state: expired ? 'expired' : matched ? 'applied' : 'unused', ...(e.expires ? { expires: e.expires } : {}) };
  });
  const where = (o: EntryOutcome) => `${o.file}${o.line ? `:${o.line}` : ''}`;
  const warnings = [
    ...entries.filter((o) => o.state === 'expired').map((o) => `suppression "${o.id}" (${where(o)}) expired on ${o.expires}: it suppresses nothing; renew it with a new review or remove it`),
    ...entries.filter((o) => o.state === 'unused' && !set.files.find((f) => f.path === o.file)?.builtin).map((o) => `suppression "${o.id}" (${where(o)}) matched no result: remove it if the finding is gone`),
  ];
  return { log: { ...log, runs }, report: { files: set.files, entries, inSource, warnings } };
}

/** Tools' own suppressions (e.g. nosemgrep) are kept, made explicit: accepted, with a justification. */
function normaliseExisting(result: Result): Suppression[] {
  return (result.suppressions ?? []).map((s) =>
    s.kind === 'inSource'
      ? { ...s, status: s.status ?? 'accepted', justification: s.justification ?? 'suppressed in the source code by a comment the scanner honours (e.g. nosemgrep)', guid: s.guid ?? stableGuid('inSource', fingerprintOf(result) ?? JSON.stringify(result.locations ?? [])) }
      : s,
  );
}

function suppressionOf(e: LoadedEntry, result: Result): Suppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: e.justification,
    guid: stableGuid(e.id, fingerprintOf(result) ?? `${result.ruleId}:${JSON.stringify(result.locations?.[0] ?? {})}`),
    properties: {
      'ossast/entry': e.id,
      'ossast/file': e.file,
      ...(e.owner ? { owner: e.owner } : {}),
      ...(e.expires ? { expires: e.expires } : {}),
      ...(e.ticket ? { ticket: e.ticket } : {}),
    },
  };
}
