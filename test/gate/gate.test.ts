import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/gate/index.js';
import { log, run } from '../support/sarif.js';

const cfg = { failOn: 'error' as const, newOnly: false, max: 0, allowPartial: false };
const accepted = [{ kind: 'external' as const, status: 'accepted' as const, justification: 'platform code' }];

describe('evaluateGate', () => {
  it('passes when nothing unsuppressed is at or above the level', () => {
    const g = evaluateGate(log(run([{ rule: 'a', path: 'A/M/x', level: 'warning' }])), cfg);
    expect(g.exitCode).toBe(0);
    expect(g.counts).toMatchObject({ error: 0, warning: 1, total: 1 });
    expect(g.summary).toBe('PASSED (exit 0): 0 unsuppressed finding(s) at or above error; 0 suppressed');
  });
  it('fails on an error, and on a warning with --fail-on warning', () => {
    const l = log(
      run([
        { rule: 'a', path: 'A/M/x', level: 'warning' },
        { rule: 'b', path: 'A/M/y', level: 'error' },
      ]),
    );
    expect(evaluateGate(l, cfg).exitCode).toBe(1);
    expect(evaluateGate(l, { ...cfg, failOn: 'warning' }).failing).toBe(2);
    expect(evaluateGate(l, { ...cfg, failOn: 'none' }).exitCode).toBe(0);
  });
  it('never counts suppressed results, but does count rejected suppressions', () => {
    const l = log(
      run([
        { rule: 'a', path: 'A/M/x', level: 'error', suppressions: accepted },
        { rule: 'b', path: 'A/M/y', level: 'error', suppressions: [{ kind: 'external', status: 'rejected' }] },
      ]),
    );
    const g = evaluateGate(l, cfg);
    expect(g.counts.suppressed).toBe(1);
    expect(g.failing).toBe(1);
  });
  it('tolerates up to --max findings', () => {
    const l = log(
      run([
        { rule: 'a', path: 'A/M/x' },
        { rule: 'b', path: 'A/M/y' },
      ]),
    );
    expect(evaluateGate(l, { ...cfg, max: 2 }).exitCode).toBe(0);
    expect(evaluateGate(l, { ...cfg, max: 1 }).exitCode).toBe(1);
  });
  it('counts only new results with --new-only, and never absent ones', () => {
    const l = log(
      run([
        { rule: 'a', path: 'A/M/x' },
        { rule: 'b', path: 'A/M/y' },
        { rule: 'c', path: 'A/M/z' },
      ]),
    );
    const r = l.runs[0]!.results!;
    r[0]!.baselineState = 'unchanged';
    r[1]!.baselineState = 'new';
    r[2]!.baselineState = 'absent';
    expect(evaluateGate(l, { ...cfg, newOnly: true }).failing).toBe(1);
    expect(evaluateGate(l, cfg).failing).toBe(2);
  });
  it('fails closed (exit 3) when a run says its tool failed, even with no findings', () => {
    const l = log(run([], { failed: 'semgrep was killed by SIGKILL' }));
    const g = evaluateGate(l, cfg);
    expect(g.exitCode).toBe(3);
    expect(g.summary).toBe('INCOMPLETE (exit 3): 1 part(s) failed: Semgrep OSS: semgrep was killed by SIGKILL');
  });
  it('accepts partial results only when asked, and says so', () => {
    const l = log(run([{ rule: 'a', path: 'A/M/x', level: 'note' }], { failed: 'timed out' }));
    const g = evaluateGate(l, { ...cfg, allowPartial: true });
    expect(g.exitCode).toBe(0);
    expect(g.partial).toBe(true);
    expect(g.summary).toContain('PARTIAL results accepted');
  });
});
