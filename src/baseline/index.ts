// Compares a log with a previous one (fingerprints, then location and code, then moved files): baselineState on every result.
import type { Log, Result, Run } from 'sarif';
import { decodeLogUris } from '../model/uri.js';
import { withFingerprints, withFingerprintsPausing } from '../merge/fingerprint.js';
import { RuleReferenceError, levelOf } from '../model/sarif-rules.js';
import { FINGERPRINT_KEY } from '../model/sarif-keys.js';
import { MATCH_KINDS, matchResults } from './match.js';
import { ConfigError, PipelineError } from '../util/errors.js';
import { FileRefused } from '../util/read-file.js';
import { readSarifFile } from '../merge/read-sarif.js';

/** Baselines over this are refused (a log of 200,000 results is about 120 MB). */
export const MAX_BASELINE_BYTES = 512 * 1024 ** 2;

export async function loadBaseline(path: string): Promise<{ path: string; log: Log }> {
  const hint = 'pass the results.sarif of an earlier run with --baseline (or baseline: in the config)';
  try {
    // Read as the log being judged is (streamed from 32 MB: no string of the whole text beside the parsed log). Paths
    // decoded as in the log being judged (src/model/uri.ts), for the fallback match on rule, module path and code.
    // The log was just parsed: its paths are decoded in place.
    return { path, log: ensureFingerprints(decodeLogUris(await readSarifFile(path, path, { maxBytes: MAX_BASELINE_BYTES }), { owned: true })) };
  } catch (err) {
    if (err instanceof FileRefused && err.why !== 'missing') throw new ConfigError(`baseline: ${err.message}`, hint);
    if (err instanceof FileRefused) throw new ConfigError(`baseline ${path} not found`, hint);
    // A rule reference that resolves to nothing stays a refused log (exit 3), as in gate and merge.
    if (err instanceof PipelineError && !(err instanceof RuleReferenceError)) throw new ConfigError(err.message, err.hint);
    throw err;
  }
}

const fingerprinted = (r: Run) => (r.results ?? []).every((x) => x.partialFingerprints?.[FINGERPRINT_KEY]);

/** Logs from other tools lack ossast's fingerprint: compute it the same way merge does. */
export function ensureFingerprints(log: Log): Log {
  return { ...log, runs: log.runs.map((r) => (fingerprinted(r) ? r : withFingerprints(r))) };
}

/**
 * ensureFingerprints for a whole log being judged: `pause` (a turn of the event loop, which may throw) every few
 * thousand results. `owned`: the log's results are the caller's to change (a log just read), set in place.
 */
export async function ensureFingerprintsPausing(log: Log, pause: () => Promise<void>, opts: { owned?: boolean } = {}): Promise<Log> {
  const runs: Run[] = [];
  for (const r of log.runs) runs.push(fingerprinted(r) ? r : await withFingerprintsPausing(r, pause, opts));
  return { ...log, runs };
}

/**
 * A log read from disk says nothing trustworthy about baselines: only ossast sets baselineState, from --baseline.
 * Every run gets a results array (empty when it had none). A result is copied only when it has a baselineState, and a
 * run keeps its results array when none has. `owned`: the log is the caller's to change (a log just read): its
 * runs and their arrays are changed in place and the same log is returned (a result with a baselineState is replaced
 * in its array by a copy without it).
 */
export function clearBaselineState(log: Log, opts: { owned?: boolean } = {}): Log {
  if (opts.owned) {
    for (const run of log.runs) {
      const results = (run.results ??= []);
      for (let i = 0; i < results.length; i++) {
        const r = results[i]!;
        if (r.baselineState === undefined) continue;
        // Copied, not `delete`d: deleting a property turned a million parsed results into slow dictionary objects in
        // V8 (300 MB more at the peak, 0.7 s slower), whichever place the property had.
        const { baselineState: _dropped, ...rest } = r;
        results[i] = rest;
      }
    }
    return log;
  }
  const clear = (r: Result): Result => {
    if (r.baselineState === undefined) return r;
    const { baselineState: _dropped, ...rest } = r;
    return rest;
  };
  return { ...log, runs: log.runs.map((run) => ({ ...run, results: run.results?.some((r) => r.baselineState !== undefined) ? run.results.map(clear) : (run.results ?? []) })) };
}

const runKey = (run: Run) => run.automationDetails?.id ?? run.tool.driver.name;

/**
 * Sets baselineState on every result of `current`, run by run (runs pair by automationDetails.id, else tool name).
 * Pairs come from matchResults (fingerprint, else rule + module path + code, else a file moved in its module): a pair
 * is "unchanged" when level and message are the same, else "updated"; a file that moved is always "updated" (its
 * location changed). A result that pairs with nothing is "new"; a baseline result nothing paired with comes back as
 * "absent" (it never counts in the gate). A fallback pair records how it matched in `ossast/baselineMatch`.
 * `owned`: `current` is the caller's to change (a log being judged): its results are marked in place and its runs'
 * arrays take the absent results, with no copy of each result; otherwise the results are copies and `current` stays
 * as it was. `baseline` is never changed.
 */
export function applyBaseline(current: Log, baseline: Log, opts: { owned?: boolean } = {}): Log {
  const cur = ensureFingerprints(current);
  const base = ensureFingerprints(baseline);
  const runs = cur.runs.map((run): Run => {
    const before = base.runs.find((r) => runKey(r) === runKey(run));
    // A baseline's own "absent" results were already gone then.
    const previous = (before?.results ?? []).filter((r) => r.baselineState !== 'absent');
    const now = run.results ?? [];
    const matches = matchResults(now, previous);
    const stateOf = (r: Result, i: number): NonNullable<Result['baselineState']> => {
      const p = matches.previous[i]!;
      if (p < 0) return 'new';
      const old = previous[p]!;
      // Levels as every reader resolves them (a foreign baseline may leave them to its rules).
      const changed = MATCH_KINDS[matches.kinds[i]!] === 'moved' || levelOf(before!, old) !== levelOf(run, r) || (old.message.text ?? '') !== (r.message.text ?? '');
      return changed ? 'updated' : 'unchanged';
    };
    // The result's properties with how a fallback pair matched, or undefined for a fingerprint match or none.
    const matchedBy = (r: Result, i: number): Result['properties'] => {
      const kind = MATCH_KINDS[matches.kinds[i]!];
      return matches.previous[i]! < 0 || kind === 'fingerprint' ? undefined : { ...r.properties, 'ossast/baselineMatch': kind };
    };
    let results: Result[];
    if (opts.owned) {
      // The same properties in the same order as the copies below: those it had, then properties (if new), then baselineState.
      results = now;
      for (let i = 0; i < now.length; i++) {
        const r = now[i]!;
        const properties = matchedBy(r, i);
        if (properties) r.properties = properties;
        r.baselineState = stateOf(r, i);
      }
    } else
      results = now.map((r, i) => {
        const properties = matchedBy(r, i);
        return { ...r, ...(properties ? { properties } : {}), baselineState: stateOf(r, i) };
      });
    for (const i of matches.unmatched) {
      const old = previous[i]!;
      // Its rule reference pointed into the baseline's run: the level it had there is written out, the reference
      // re-pointed by id into this run's rules (or dropped), so no reader resolves it against the wrong rules.
      const { rule: _ref, ruleIndex: _index, ...rest } = old;
      const index = indexIn(run, old.ruleId ?? old.rule?.id);
      results.push({ ...rest, ...(index === undefined ? {} : { ruleIndex: index }), level: levelOf(before!, old), suppressions: old.suppressions ?? [], baselineState: 'absent' });
    }
    if (!opts.owned) return { ...run, results };
    run.results = results;
    return run;
  });
  return opts.owned ? cur : { ...cur, runs };
}

function indexIn(run: Run, ruleId: string | undefined): number | undefined {
  const i = (run.tool.driver.rules ?? []).findIndex((r) => r.id === ruleId);
  return i >= 0 ? i : undefined;
}
