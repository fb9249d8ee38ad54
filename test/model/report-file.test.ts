// How ossast lays out the SARIF it writes: indented while a person may read it, compact once it is big.
import { describe, expect, it } from 'vitest';
import { COMPACT_SARIF_FROM_RESULTS, contentText, jsonFile, sarifIndent } from '../../src/model/report-file.js';

const log = (...counts: number[]) => ({ version: '2.1.0', runs: counts.map((n) => ({ tool: { driver: { name: 'T' } }, results: Array.from({ length: n }, (_, i) => ({ ruleId: `r${i}` })) })) });

describe('sarifIndent', () => {
  it('2 spaces below COMPACT_SARIF_FROM_RESULTS results over all runs, none from there on', () => {
    expect(sarifIndent(log())).toBe(2);
    expect(sarifIndent(log(COMPACT_SARIF_FROM_RESULTS - 1))).toBe(2);
    expect(sarifIndent(log(COMPACT_SARIF_FROM_RESULTS))).toBe(0);
    expect(sarifIndent(log(COMPACT_SARIF_FROM_RESULTS / 2, COMPACT_SARIF_FROM_RESULTS / 2))).toBe(0);
    expect(sarifIndent({ runs: [{}] })).toBe(2);
  });
  it('the same JSON either way', async () => {
    const big = log(COMPACT_SARIF_FROM_RESULTS);
    const text = await contentText(jsonFile(big, sarifIndent(big)));
    expect(text).toBe(`${JSON.stringify(big)}\n`);
    const small = log(3);
    expect(await contentText(jsonFile(small, sarifIndent(small)))).toBe(`${JSON.stringify(small, null, 2)}\n`);
  });
});
