// Baseline matching when fingerprints differ: rule + module path + code (like match-results-forward), files moved in a module, ties.
import { describe, expect, it } from 'vitest';
import type { Log, Result, Run } from 'sarif';
import { applyBaseline } from '../../src/baseline/index.js';
import { sameCode } from '../../src/baseline/match.js';
import { log, run, type R } from '../support/sarif.js';

const states = (l: Log) => l.runs[0]!.results!.map((x) => `${x.locations![0]!.physicalLocation!.artifactLocation!.uri}:${x.baselineState}:${x.properties?.['ossast/baselineMatch'] ?? 'fingerprint'}`);
/** A run whose results carry only a fingerprint nothing else has: only the fallbacks can pair them. */
const foreignFingerprints = (r: Run): Run => ({ ...r, results: r.results!.map((x, i): Result => ({ ...x, partialFingerprints: { 'ossast/v2': `other-${i}` } })) });

describe('baseline matching beyond fingerprints', () => {
  it('a v1 baseline (ossast before fingerprints left out the archive name) still matches a renamed package: all unchanged', () => {
    const v1: Run = run([
      { rule: 'r.sql', path: 'claims/ClaimsCore/Actions/Find.cs', line: 10, snippet: 'sql = "SELECT " + x;' },
      { rule: 'r.eval', path: 'claims/ClaimsUI/scripts/a.js', line: 3, snippet: 'eval(q)' },
    ]);
    const old: Run = { ...v1, results: v1.results!.map((x) => ({ ...x, partialFingerprints: { 'ossast/v1': 'f00d:0', primaryLocationLineHash: 'f00d:0' } })) };
    const now = run([
      { rule: 'r.sql', path: 'claims-2026-11-20/ClaimsCore/Actions/Find.cs', line: 12, snippet: 'sql = "SELECT " + x;' },
      { rule: 'r.eval', path: 'claims-2026-11-20/ClaimsUI/scripts/a.js', line: 3, snippet: 'eval(q)' },
    ]);
    expect(states(applyBaseline(log(now), log(old)))).toEqual(['claims-2026-11-20/ClaimsCore/Actions/Find.cs:unchanged:fingerprint', 'claims-2026-11-20/ClaimsUI/scripts/a.js:unchanged:fingerprint']);
  });

  it('falls back to rule + module path + normalised code when fingerprints differ', () => {
    const before = foreignFingerprints(run([{ rule: 'r.eval', path: 'App/M/a.js', line: 3, snippet: 'eval(q)' }]));
    const now = run([{ rule: 'r.eval', path: 'Renamed/M/a.js', line: 30, snippet: '  eval( q)'.replace('( ', '(') }]);
    expect(states(applyBaseline(log(now), log(before)))).toEqual(['Renamed/M/a.js:unchanged:location']);
  });

  it('matches a snippet cut on a long line with the whole line a baseline kept', () => {
    const line = `var a = ${'1+'.repeat(200)}1; eval(q); var b = 2;`;
    const before = foreignFingerprints(run([{ rule: 'r.eval', path: 'App/M/min.js', snippet: line }]));
    const now = run([{ rule: 'r.eval', path: 'App/M/min.js', snippet: `…${line.slice(300, 420)}…` }]);
    expect(states(applyBaseline(log(now), log(before)))).toEqual(['App/M/min.js:unchanged:location']);
    expect(sameCode(`…${line.slice(300, 420)}…`, line.replace('eval', 'evil'))).toBe(false);
  });

  it('recognises a file moved to another folder of its module (same name and code), as updated', () => {
    const before = run([
      { rule: 'r.eval', path: 'App/M/scripts/old/a.js', snippet: 'eval(q)' },
      { rule: 'r.sql', path: 'App/M/Actions/Find.cs', snippet: 'sql += x;' },
    ]);
    const now = run([
      { rule: 'r.eval', path: 'App/M/scripts/new/a.js', snippet: 'eval(q)' },
      // Renamed and moved: the same code is enough when it is the only candidate.
      { rule: 'r.sql', path: 'App/M/Server/Search.cs', snippet: 'sql += x;' },
    ]);
    expect(states(applyBaseline(log(now), log(before)))).toEqual(['App/M/scripts/new/a.js:updated:moved', 'App/M/Server/Search.cs:updated:moved']);
  });

  it('a moved file whose flagged code changed is new, not moved (the same file name alone is no match)', () => {
    const before = run([{ rule: 'r.sql', path: 'App/M/Actions/Find.cs', snippet: 'sql += x;' }]);
    const now = run([{ rule: 'r.sql', path: 'App/M/Server/Find.cs', snippet: 'sql += y + z;' }]);
    expect(states(applyBaseline(log(now), log(before)))).toEqual(['App/M/Server/Find.cs:new:fingerprint', 'App/M/Actions/Find.cs:absent:fingerprint']);
  });

  it('makes no pair when two candidates tie, on either side', () => {
    const two: R[] = [
      { rule: 'r.eval', path: 'App/M/x/a.js', snippet: 'eval(q)' },
      { rule: 'r.eval', path: 'App/M/y/b.js', snippet: 'eval(q)' },
    ];
    const one: R[] = [{ rule: 'r.eval', path: 'App/M/z/c.js', snippet: 'eval(q)' }];
    expect(states(applyBaseline(log(run(one)), log(run(two))))).toEqual(['App/M/z/c.js:new:fingerprint', 'App/M/x/a.js:absent:fingerprint', 'App/M/y/b.js:absent:fingerprint']);
    expect(states(applyBaseline(log(run(two)), log(run(one))))).toEqual(['App/M/x/a.js:new:fingerprint', 'App/M/y/b.js:new:fingerprint', 'App/M/z/c.js:absent:fingerprint']);
  });

  it('never pairs across modules or rules', () => {
    const before = run([{ rule: 'r.eval', path: 'App/M/a.js', snippet: 'eval(q)' }]);
    const now = run([
      { rule: 'r.eval', path: 'App/Other/a.js', snippet: 'eval(q)' },
      { rule: 'r.other', path: 'App/M/b/a.js', snippet: 'eval(q)' },
    ]);
    expect(states(applyBaseline(log(now), log(before)))).toEqual(['App/Other/a.js:new:fingerprint', 'App/M/b/a.js:new:fingerprint', 'App/M/a.js:absent:fingerprint']);
  });
});
