import { describe, expect, it } from 'vitest';
import type { Log, Result, Run } from 'sarif';
import { applyBaseline, clearBaselineState } from '../../src/baseline/index.js';
import { withFingerprints } from '../../src/merge/fingerprint.js';
import { log, run } from '../support/sarif.js';

const states = (r: Run) => (r.results ?? []).map((x) => `${x.ruleId}@${x.locations?.[0]?.physicalLocation?.region?.startLine}:${x.baselineState}`);

describe('applyBaseline', () => {
  const before = log(
    run([
      { rule: 'r.sql', path: 'App/M/a.cs', line: 10, snippet: 'sql = "SELECT " + x;' },
      { rule: 'r.eval', path: 'App/M/b.js', line: 5, snippet: 'eval(x)', level: 'error' },
      { rule: 'r.gone', path: 'App/M/c.js', line: 2, snippet: 'old()' },
    ]),
  );

  it('sets new, unchanged, updated and absent, on every result', () => {
    const now = log(
      run([
        // 30 lines were inserted above: same finding, same identity.
        { rule: 'r.sql', path: 'App/M/a.cs', line: 40, snippet: 'sql = "SELECT " + x;' },
        // Same code, but the tool now says warning: updated.
        { rule: 'r.eval', path: 'App/M/b.js', line: 5, snippet: 'eval(x)', level: 'warning' },
        { rule: 'r.new', path: 'App/M/d.js', line: 1, snippet: 'fresh()' },
      ]),
    );
    const out = applyBaseline(now, before).runs[0]!;
    expect(states(out)).toEqual(['r.sql@40:unchanged', 'r.eval@5:updated', 'r.new@1:new', 'r.gone@2:absent']);
    expect(out.results!.every((r) => r.baselineState !== undefined)).toBe(true);
    expect(out.results!.find((r) => r.baselineState === 'absent')!.suppressions).toEqual([]);
  });

  it('ignores whitespace changes in the flagged code', () => {
    const now = log(run([{ rule: 'r.sql', path: 'App/M/a.cs', line: 12, snippet: '   sql  =  "SELECT " +   x;' }]));
    expect(states(applyBaseline(now, before).runs[0]!)[0]).toBe('r.sql@12:unchanged');
  });

  it('computes fingerprints for foreign logs that have none', () => {
    const bare: Run = {
      tool: { driver: { name: 'Other' } },
      results: [{ ruleId: 'o1', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'x.js' }, region: { startLine: 3, snippet: { text: 'bad()' } } } }] }],
    };
    const moved: Run = { ...bare, results: [{ ...bare.results![0]!, locations: [{ physicalLocation: { artifactLocation: { uri: 'x.js' }, region: { startLine: 9, snippet: { text: 'bad()' } } } }] }] };
    const out = applyBaseline({ version: '2.1.0', runs: [moved] }, { version: '2.1.0', runs: [bare] });
    expect(out.runs[0]!.results![0]!.baselineState).toBe('unchanged');
  });

  it('keeps two identical snippets in one file apart', () => {
    const two = withFingerprints(
      run([
        { rule: 'r.eval', path: 'App/M/b.js', line: 5, snippet: 'eval(x)' },
        { rule: 'r.eval', path: 'App/M/b.js', line: 9, snippet: 'eval(x)' },
      ]),
    );
    const fps = two.results!.map((r) => r.partialFingerprints!['ossast/v2']);
    expect(new Set(fps).size).toBe(2);
    const one = log(run([{ rule: 'r.eval', path: 'App/M/b.js', line: 5, snippet: 'eval(x)' }]));
    expect(states(applyBaseline(log(two), one).runs[0]!)).toEqual(['r.eval@5:unchanged', 'r.eval@9:new']);
  });
});

describe('clearBaselineState', () => {
  /** A log as another tool may write it: baselineState on some results (first, middle or last key), a run without results. */
  const generated = (): Log => ({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'T' } },
        results: Array.from({ length: 90 }, (_, i): Result => {
          const state = (['new', 'unchanged', 'absent'] as const)[i % 3]!;
          if (i % 9 === 0) return { baselineState: state, ruleId: `r${i}`, message: { text: `m${i}` } };
          if (i % 9 === 1) return { ruleId: `r${i}`, baselineState: state, message: { text: `m${i}` } };
          if (i % 9 === 2) return { ruleId: `r${i}`, message: { text: `m${i}` }, baselineState: state };
          return { ruleId: `r${i}`, message: { text: `m${i}` } };
        }),
      },
      { tool: { driver: { name: 'NoResults' } } },
      { tool: { driver: { name: 'Clean' } }, results: [{ ruleId: 'x', message: { text: 'y' } }] },
    ],
  });

  it('drops every baselineState and gives each run a results array, the input unchanged', () => {
    const input = generated();
    const before = JSON.stringify(input);
    const out = clearBaselineState(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.runs.flatMap((r) => r.results!).some((r) => 'baselineState' in r)).toBe(false);
    expect(out.runs.map((r) => r.results!.length)).toEqual([90, 0, 1]);
    // Key order kept: the log reads as before, less the property.
    expect(out.runs[0]!.results![0]).toEqual({ ruleId: 'r0', message: { text: 'm0' } });
    expect(Object.keys(out.runs[0]!.results![0]!)).toEqual(['ruleId', 'message']);
    // A run none of whose results had one keeps its array.
    expect(out.runs[2]!.results).toBe(input.runs[2]!.results);
  });

  it('owned: the same log and arrays, changed in place, with the same JSON as the pure version', () => {
    const pure = JSON.stringify(clearBaselineState(generated()));
    const owned = generated();
    const results = owned.runs[0]!.results!;
    const before = [...results];
    const out = clearBaselineState(owned, { owned: true });
    expect(out).toBe(owned);
    expect(out.runs[0]!.results).toBe(results);
    expect(JSON.stringify(out)).toBe(pure);
    // A result that had none is the same object; one that had one is a copy in its place.
    results.forEach((r, i) => {
      if (i % 9 <= 2) expect(r).not.toBe(before[i]);
      else expect(r).toBe(before[i]);
    });
  });
});

describe('applyBaseline owned', () => {
  /** A baseline and a current log with every kind of outcome: fingerprint pairs (unchanged, updated), a location pair,
   *  a moved file, new results, absent ones, results with and without properties, a run without results. */
  const logs = () => {
    const rows = (shift: number) =>
      Array.from({ length: 40 }, (_, i) => ({
        rule: `r${i % 4}`,
        path: i % 10 === 7 ? `App/M/${shift ? 'new' : 'old'}/moved${i}.js` : `App/M/f${i % 6}.js`,
        line: 1 + i + shift,
        snippet: i % 10 === 9 && shift ? `changed(${i})` : `code(${i})`,
        ...(i % 10 === 3 && shift ? { message: 'other message' } : {}),
      }));
    const base = run(rows(0));
    const cur = run(rows(5));
    // A location pair: the same rule, path and code under another fingerprint.
    base.results![1]!.partialFingerprints = { 'ossast/v2': 'other:0' };
    // A result without properties (a foreign tool's), paired by fallback: properties are added.
    delete cur.results![11]!.properties;
    delete base.results![11]!.properties;
    base.results![11]!.partialFingerprints = { 'ossast/v2': 'other:1' };
    const empty: Run = { tool: { driver: { name: 'Empty' } }, automationDetails: { id: 'empty/' } };
    return { current: log(cur, empty), baseline: log(base, { ...empty, results: [{ ruleId: 'x', message: { text: 'gone' }, partialFingerprints: { 'ossast/v2': 'gone:0' } }] }) };
  };

  it('marks the same results in place, with the same JSON as the copies, and leaves the baseline as it was', () => {
    const pure = logs();
    const current = JSON.stringify(pure.current);
    const expected = JSON.stringify(applyBaseline(pure.current, pure.baseline));
    expect(JSON.stringify(pure.current)).toBe(current);
    const owned = logs();
    const baseline = JSON.stringify(owned.baseline);
    const results = owned.current.runs[0]!.results!;
    const first = results[0];
    const out = applyBaseline(owned.current, owned.baseline, { owned: true });
    expect(out.runs[0]).toBe(owned.current.runs[0]);
    expect(out.runs[0]!.results).toBe(results);
    expect(out.runs[0]!.results![0]).toBe(first);
    expect(JSON.stringify(out)).toBe(expected);
    expect(JSON.stringify(owned.baseline)).toBe(baseline);
    const kinds = new Set(out.runs[0]!.results!.map((r) => `${r.baselineState}:${r.properties?.['ossast/baselineMatch'] ?? ''}`));
    expect(kinds).toEqual(new Set(['unchanged:', 'updated:', 'unchanged:location', 'updated:moved', 'new:', 'absent:']));
    expect(out.runs[1]!.results!.map((r) => r.baselineState)).toEqual(['absent']);
    expect(Object.keys(out.runs[0]!.results![11]!).slice(-2)).toEqual(['properties', 'baselineState']);
  });
});
