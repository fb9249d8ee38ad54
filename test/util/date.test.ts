import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../../src/suppress/apply.js';
import type { LoadedEntry } from '../../src/suppress/load.js';
import { daysLeft, isExpired } from '../../src/util/date.js';
import { log, run } from '../support/sarif.js';

const NOW = new Date('2026-11-22T23:30:00Z');

describe('expiry dates', () => {
  it('count days as dates, in UTC: 0 on the last day, negative after it', () => {
    expect(daysLeft('2026-11-22', NOW)).toBe(0);
    expect(daysLeft('2026-11-21', NOW)).toBe(-1);
    expect(daysLeft('2026-12-22', NOW)).toBe(30);
    expect(daysLeft('2028-02-29', NOW)).toBe(464);
    expect(isExpired('2026-11-22', NOW)).toBe(false);
    expect(isExpired('2026-11-21', NOW)).toBe(true);
  });
  it('count a text that is not a real date as expired (fail closed)', () => {
    for (const t of ['2026-9-1', '2099-99-99', '2027-02-29', 'never']) expect(isExpired(t, NOW)).toBe(true);
  });
  it('are compared as dates when suppressions are applied, not as text', () => {
    // Built through the library, skipping the file schema: "2026-9-1" sorts after "2026-11-22" as text.
    const input = log(run([{ rule: 'a.eval', path: 'App/Mod/x.js', line: 1 }]));
    const entry: LoadedEntry = { id: 'sept', match: { ruleId: ['a.*'] }, justification: 'accepted until September', owner: 'appsec@example.com', file: 'team.yml', expires: '2026-9-1' };
    const { report } = applySuppressions(input, { files: [{ path: 'team.yml', sha256: 'x', builtin: false }], entries: [entry] }, NOW);
    expect(report.entries[0]?.state).toBe('expired');
  });
});
