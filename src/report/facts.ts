// Flattens a SARIF log into rows the human-facing reports share (module, rule, level, state, snippet, suppression).
import type { Log, Result, Run } from 'sarif';
import { isSuppressed, levelOf, primaryPath, ruleOf, targetOf } from '../merge/conventions.js';
import { GROUP_KEY } from '../suppress/apply.js';

export interface Finding {
  tool: string;
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  module: string;
  /** Module name alone ("CustomerPortal_Core"), for narrow displays. */
  moduleName: string;
  application?: string;
  path: string;
  line: number;
  message: string;
  snippet: string;
  help: string;
  cwe: string[];
  suppressed: boolean;
  suppression?: { justification: string; owner?: string; expires?: string; ticket?: string; entry?: string; kind: string; file?: string; group?: string; reference?: string };
  baseline?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function findingsOf(log: Log): Finding[] {
  return log.runs.flatMap((run) => (run.results ?? []).map((r) => findingOf(run, r)));
}

function findingOf(run: Run, r: Result): Finding {
  const rule = ruleOf(run, r);
  const region = r.locations?.[0]?.physicalLocation?.region;
  const s = (r.suppressions ?? []).find((x) => x.status === undefined || x.status === 'accepted');
  const tags = Array.isArray(rule?.properties?.tags) ? rule.properties.tags : [];
  return {
    tool: run.tool.driver.name,
    ruleId: r.ruleId ?? rule?.id ?? 'unknown-rule',
    level: levelOf(run, r),
    module: targetOf(r) ?? '(other)',
    moduleName: str(r.properties?.['ossast/module']) ?? targetOf(r) ?? '(other)',
    ...(str(r.properties?.['ossast/application']) ? { application: str(r.properties?.['ossast/application']) } : {}),
    path: primaryPath(r) ?? '',
    line: region?.startLine ?? 0,
    message: r.message.text ?? '',
    snippet: region?.snippet?.text ?? '',
    help: rule?.help?.text ?? rule?.fullDescription?.text ?? rule?.shortDescription?.text ?? '',
    cwe: tags.filter((t) => /^CWE-\d+/.test(t)),
    suppressed: isSuppressed(r),
    ...(s
      ? {
          suppression: {
            kind: s.kind,
            justification: s.justification ?? '',
            ...(str(s.properties?.['owner']) ? { owner: str(s.properties?.['owner']) } : {}),
            ...(str(s.properties?.['expires']) ? { expires: str(s.properties?.['expires']) } : {}),
            ...(str(s.properties?.['ticket']) ? { ticket: str(s.properties?.['ticket']) } : {}),
            ...(str(s.properties?.['ossast/entry']) ? { entry: str(s.properties?.['ossast/entry']) } : {}),
            ...(str(s.properties?.['ossast/file']) ? { file: str(s.properties?.['ossast/file']) } : {}),
            ...(str(s.properties?.[GROUP_KEY]) ? { group: str(s.properties?.[GROUP_KEY]) } : {}),
            ...(str(s.properties?.['ossast/reference']) ? { reference: str(s.properties?.['ossast/reference']) } : {}),
          },
        }
      : {}),
    ...(r.baselineState ? { baseline: r.baselineState } : {}),
  };
}

/** Counts of unsuppressed, present findings by a key, with suppressed and new counts alongside. */
export interface Tally {
  error: number;
  warning: number;
  note: number;
  suppressed: number;
  new: number;
}

export function tally(findings: readonly Finding[], key: (f: Finding) => string): Map<string, Tally> {
  const m = new Map<string, Tally>();
  for (const f of findings) {
    if (f.baseline === 'absent') continue;
    const k = key(f);
    const t = m.get(k) ?? { error: 0, warning: 0, note: 0, suppressed: 0, new: 0 };
    if (f.suppressed) t.suppressed++;
    else if (f.level !== 'none') t[f.level]++;
    if (f.baseline === 'new') t.new++;
    m.set(k, t);
  }
  return new Map([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
