// Compares a log with a previous one by ossast fingerprints: baselineState new / unchanged / updated / absent on every result.
import { readFile } from 'node:fs/promises';
import type { Log, Result, Run } from 'sarif';
import { parseSarif } from '../merge/sarif-schema.js';
import { withFingerprints } from '../merge/fingerprint.js';
import { fingerprintOf, FINGERPRINT_KEY } from '../merge/conventions.js';
import { ConfigError, PipelineError } from '../util/errors.js';

export async function loadBaseline(path: string): Promise<{ path: string; log: Log }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`baseline ${path} not found`, 'pass the results.sarif of an earlier run with --baseline (or baseline: in the config)');
  }
  try {
    return { path, log: ensureFingerprints(parseSarif(text, path)) };
  } catch (err) {
    if (err instanceof PipelineError) throw new ConfigError(err.message, err.hint);
    throw err;
  }
}

/** Logs from other tools lack ossast's fingerprint: compute it the same way merge does. */
export function ensureFingerprints(log: Log): Log {
  return { ...log, runs: log.runs.map((r) => ((r.results ?? []).every((x) => x.partialFingerprints?.[FINGERPRINT_KEY]) ? r : withFingerprints(r))) };
}

/** A log read from disk says nothing trustworthy about baselines: only ossast sets baselineState, from --baseline. */
export function clearBaselineState(log: Log): Log {
  const clear = (r: Result): Result => {
    if (r.baselineState === undefined) return r;
    const { baselineState: _dropped, ...rest } = r;
    return rest;
  };
  return { ...log, runs: log.runs.map((run) => ({ ...run, results: (run.results ?? []).map(clear) })) };
}

const runKey = (run: Run) => run.automationDetails?.id ?? run.tool.driver.name;

export function applyBaseline(current: Log, baseline: Log): Log {
  const cur = ensureFingerprints(current);
  const base = ensureFingerprints(baseline);
  const runs = cur.runs.map((run): Run => {
    const before = base.runs.find((r) => runKey(r) === runKey(run));
    const previous = new Map<string, Result>();
    for (const r of before?.results ?? []) {
      const fp = fingerprintOf(r);
      if (fp && r.baselineState !== 'absent') previous.set(fp, r);
    }
    const seen = new Set<string>();
    const results: Result[] = (run.results ?? []).map((r) => {
      const fp = fingerprintOf(r) ?? '';
      const old = previous.get(fp);
      if (!old) return { ...r, baselineState: 'new' };
      seen.add(fp);
      const changed = old.level !== r.level || (old.message.text ?? '') !== (r.message.text ?? '');
      return { ...r, baselineState: changed ? 'updated' : 'unchanged' };
    });
    // Findings that disappeared stay visible as "absent" (they never count in the gate).
    for (const [fp, old] of previous) {
      if (!seen.has(fp)) results.push({ ...old, ruleIndex: indexIn(run, old.ruleId), suppressions: old.suppressions ?? [], baselineState: 'absent' });
    }
    return { ...run, results };
  });
  return { ...cur, runs };
}

function indexIn(run: Run, ruleId: string | undefined): number | undefined {
  const i = (run.tool.driver.rules ?? []).findIndex((r) => r.id === ruleId);
  return i >= 0 ? i : undefined;
}
