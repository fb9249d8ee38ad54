// Accuracy against ground truth: suppression on the annotated demo corpus ("expect: fp|tp <kind>" above each planted finding), and per-rule scores on the realistic corpus.
import type { Log } from 'sarif';
import * as z from 'zod';
import { isSuppressed, primaryPath } from '../model/sarif-keys.js';
import { factsOf } from './match.js';
import { compareText } from '../util/compare.js';

export interface Expectation {
  /** Path relative to the source root, as in the SARIF log. */
  path: string;
  line: number;
  truth: 'fp' | 'tp';
  kind: string;
}

export interface Accuracy {
  fp: { total: number; suppressed: number; missed: Expectation[] };
  tp: { total: number; suppressed: number; wronglySuppressed: Expectation[] };
  /** Expectations no result was reported for (the corpus or the rules are broken). */
  unreported: Expectation[];
}

/** Reads "expect:" annotations; the expected finding is on the next line. */
export function expectationsIn(path: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /expect:\s*(fp|tp)\s+([\w-]+)/.exec(line);
    if (m) out.push({ path, line: i + 2, truth: m[1] === 'fp' ? 'fp' : 'tp', kind: m[2]! });
  });
  return out;
}

export function measureAccuracy(log: Log, expectations: Expectation[]): Accuracy {
  const results = log.runs.flatMap((r) => r.results ?? []);
  const at = (e: Expectation) => results.filter((r) => primaryPath(r) === e.path && r.locations?.[0]?.physicalLocation?.region?.startLine === e.line);
  const acc: Accuracy = { fp: { total: 0, suppressed: 0, missed: [] }, tp: { total: 0, suppressed: 0, wronglySuppressed: [] }, unreported: [] };
  for (const e of expectations) {
    const hits = at(e);
    if (hits.length === 0) {
      acc.unreported.push(e);
      continue;
    }
    const suppressed = hits.every(isSuppressed);
    if (e.truth === 'fp') {
      acc.fp.total++;
      if (suppressed) acc.fp.suppressed++;
      else acc.fp.missed.push(e);
    } else {
      acc.tp.total++;
      if (hits.some(isSuppressed)) {
        acc.tp.suppressed++;
        acc.tp.wronglySuppressed.push(e);
      }
    }
  }
  return acc;
}

// ---- Per-rule accuracy on a corpus with machine-readable ground truth (the realistic corpus). ----

export const truthEntrySchema = z.object({
  path: z.string(),
  line: z.number().int().positive(),
  kind: z.string(),
  truth: z.enum(['tp', 'fp']),
  owner: z.enum(['developer', 'platform']),
  /** The CWE ids a result must declare to be credited with this entry. */
  cwes: z.array(z.number().int()),
});
export type TruthEntry = z.infer<typeof truthEntrySchema>;

export interface RuleScore {
  ruleId: string;
  tp: number;
  fp: number;
  /** False positives in developer-owned files left open (not suppressed). */
  fpOpen: number;
  fn: number;
  precision: number | undefined;
  recall: number | undefined;
}

export interface Located {
  ruleId: string;
  path: string;
  line: number;
}

export interface CorpusScore {
  rules: RuleScore[];
  /** Planted developer weaknesses: found and open, found but suppressed, not found. */
  planted: { total: number; open: number; suppressed: (TruthEntry & { ruleId: string })[]; missed: TruthEntry[] };
  developer: { bytes: number; openFp: Located[]; openFpPerMB: number };
  platform: { results: number; suppressed: number; open: Located[]; byGroup: Record<string, number>; byEntry: Record<string, number> };
}

/** Which source files a rule can see, read from its id ("ossast.csharp.…", "ossast.js.…", "ossast.html.…"). */
const ruleSees = (ruleId: string, path: string): boolean => {
  const lang = ruleId.split('.')[1] ?? '';
  if (lang === 'csharp') return /\.cs$/i.test(path);
  if (lang === 'js' || lang === 'javascript') return /\.js$/i.test(path);
  if (lang === 'html') return /\.html?$/i.test(path);
  return true;
};

/**
 * Scores a scanned, suppressed log against the ground truth. A result in a developer-owned file is a true positive when
 * a planted weakness is at its path and line and the rule declares one of the weakness's CWEs; any other result there is
 * a false positive. A planted weakness no result was credited with is a false negative of every rule that declares its
 * CWE and reads its file type. Results in platform-owned files are not scored per rule: each must be suppressed.
 */
export function scoreCorpus(log: Log, truth: TruthEntry[], files: { path: string; owner: 'developer' | 'platform'; bytes: number }[]): CorpusScore {
  const ownerOf = new Map(files.map((f) => [f.path, f.owner]));
  const tps = truth.filter((t) => t.truth === 'tp' && t.owner === 'developer');
  const credited = new Map<TruthEntry, { ruleId: string; suppressed: boolean }>();
  const rules = new Map<string, RuleScore>();
  const ruleCwes = new Map<string, Set<number>>();
  const score = (ruleId: string) => rules.get(ruleId) ?? rules.set(ruleId, { ruleId, tp: 0, fp: 0, fpOpen: 0, fn: 0, precision: undefined, recall: undefined }).get(ruleId)!;
  const openFp: Located[] = [];
  const platform: CorpusScore['platform'] = { results: 0, suppressed: 0, open: [], byGroup: {}, byEntry: {} };
  for (const run of log.runs) {
    for (const rule of run.tool.driver.rules ?? []) ruleCwes.set(rule.id, factsOf(run, { ruleId: rule.id, message: {} }).cwes);
    for (const result of run.results ?? []) {
      const facts = factsOf(run, result);
      const at: Located = { ruleId: facts.ruleId, path: facts.path, line: result.locations?.[0]?.physicalLocation?.region?.startLine ?? 0 };
      const owner = ownerOf.get(at.path);
      if (!owner) continue;
      const suppressed = isSuppressed(result);
      if (owner === 'platform') {
        platform.results++;
        if (!suppressed) platform.open.push(at);
        else {
          platform.suppressed++;
          const s = result.suppressions?.find((x) => x.status === 'accepted');
          const group = String(s?.properties?.['ossast/group'] ?? '(none)');
          const entry = String(s?.properties?.['ossast/entry'] ?? '(none)');
          platform.byGroup[group] = (platform.byGroup[group] ?? 0) + 1;
          platform.byEntry[entry] = (platform.byEntry[entry] ?? 0) + 1;
        }
        continue;
      }
      score(at.ruleId);
      const hit = tps.find((t) => t.path === at.path && t.line === at.line && t.cwes.some((c) => facts.cwes.has(c)));
      if (hit) {
        score(at.ruleId).tp++;
        if (!credited.has(hit) || credited.get(hit)!.suppressed) credited.set(hit, { ruleId: at.ruleId, suppressed });
      } else {
        score(at.ruleId).fp++;
        if (!suppressed) {
          score(at.ruleId).fpOpen++;
          openFp.push(at);
        }
      }
    }
  }
  const missed = tps.filter((t) => !credited.has(t));
  for (const t of missed) {
    const owners = [...ruleCwes].filter(([ruleId, cwes]) => t.cwes.some((c) => cwes.has(c)) && ruleSees(ruleId, t.path));
    // A weakness no rule in the log declares is still a miss: it is scored against "(no rule: <kind>)".
    if (owners.length === 0) score(`(no rule: ${t.kind})`).fn++;
    for (const [ruleId] of owners) score(ruleId).fn++;
  }
  for (const s of rules.values()) {
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : undefined;
    s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : undefined;
  }
  const devBytes = files.filter((f) => f.owner === 'developer').reduce((n, f) => n + f.bytes, 0);
  const suppressedTps = [...credited].filter(([, c]) => c.suppressed).map(([t, c]) => ({ ...t, ruleId: c.ruleId }));
  return {
    rules: [...rules.values()].sort((a, b) => compareText(a.ruleId, b.ruleId)),
    planted: { total: tps.length, open: tps.length - missed.length - suppressedTps.length, suppressed: suppressedTps, missed },
    developer: { bytes: devBytes, openFp, openFpPerMB: devBytes ? openFp.length / (devBytes / 1_000_000) : 0 },
    platform,
  };
}
