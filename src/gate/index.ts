// The gate: counts unsuppressed results at or above the fail level and decides the exit code; failed runs fail closed.
import type { Log } from 'sarif';
import type { GateConfig } from './config.js';
import type { GateCounts, GateResult } from './types.js';
import { levelOf } from '../model/sarif-rules.js';
import { isSuppressed } from '../model/sarif-keys.js';

const rank = { none: 0, note: 1, warning: 2, error: 3 } as const;
/** Reasons shown per failed invocation in the summary line. */
const SHOWN = 3;

export function evaluateGate(log: Log, opts: GateConfig): GateResult {
  const counts: GateCounts = { error: 0, warning: 0, note: 0, suppressed: 0, new: 0, total: 0 };
  let failing = 0;
  const failures: string[] = [];
  for (const run of log.runs) {
    for (const inv of run.invocations ?? []) {
      if (inv.executionSuccessful === false) {
        const errors = (inv.toolExecutionNotifications ?? []).filter((n) => n.level === 'error').map((n) => n.message.text ?? '');
        // A summary line, not the log: the first few reasons and how many more (the log lists every one).
        const why = errors.length > SHOWN ? `${errors.slice(0, SHOWN).join('; ')}; and ${errors.length - SHOWN} more` : errors.join('; ');
        failures.push(`${run.tool.driver.name}: ${why || 'did not complete'}`);
      }
    }
    for (const r of run.results ?? []) {
      counts.total++;
      if (r.baselineState === 'absent') continue;
      if (r.baselineState === 'new') counts.new++;
      if (isSuppressed(r)) {
        counts.suppressed++;
        continue;
      }
      if (opts.newOnly && r.baselineState !== undefined && r.baselineState !== 'new') continue;
      const level = levelOf(run, r);
      if (level !== 'none') counts[level]++;
      if (opts.failOn !== 'none' && rank[level] >= rank[opts.failOn]) failing++;
    }
  }
  const incomplete = failures.length > 0;
  const exitCode = incomplete && !opts.allowPartial ? 3 : failing > opts.max ? 1 : 0;
  const scope = opts.newOnly ? 'new ' : '';
  const findings = `${failing} unsuppressed ${scope}finding(s) at or above ${opts.failOn}${opts.max ? ` (${opts.max} tolerated)` : ''}`;
  const summary =
    exitCode === 3
      ? `INCOMPLETE (exit 3): ${failures.length} part(s) failed: ${failures.join(' | ')}`
      : `${exitCode === 1 ? 'FAILED (exit 1)' : 'PASSED (exit 0)'}: ${findings}; ${counts.suppressed} suppressed${incomplete ? `; PARTIAL results accepted: ${failures.join(' | ')}` : ''}`;
  return { exitCode, failOn: opts.failOn, newOnly: opts.newOnly, max: opts.max, counts, failing, failures, partial: incomplete && opts.allowPartial, summary };
}
