// compactJsonChunks writes what JSON.stringify writes, its array member in batches.
import { describe, expect, it } from 'vitest';
import { compactJsonChunks } from '../../src/util/json-chunks.js';

const join = (value: object, key: string, batch?: number) => [...compactJsonChunks(value, key, batch)].join('');

describe('compactJsonChunks', () => {
  it('gives JSON.stringify text, whatever the batch, with undefined members left out and the key in its place', () => {
    const results = Array.from({ length: 25 }, (_, i) => ({ ruleId: `r${i}`, gone: undefined, fn: () => i, list: [undefined, i, Number.NaN], text: `"x" \u2028 ${i}` }));
    const run = { tool: { driver: { name: 'T', skip: undefined } }, results, after: { results: [1] }, '2': 'numeric key' };
    for (const batch of [1, 2, 7, 25, 100]) expect(join(run, 'results', batch)).toBe(JSON.stringify(run));
    expect(join({ results: [] }, 'results')).toBe('{"results":[]}');
    expect(join({ a: 1 }, 'results')).toBe('{"a":1}');
    expect(join({ results: 'not an array' }, 'results')).toBe('{"results":"not an array"}');
  });

  it('never takes a string of the log for the array: a result holding marker-like text stays as it is', () => {
    const run = { results: [{ text: '"ossast-array-00000000-0000-0000-0000-000000000000"' }], tail: 'ossast-array-' };
    expect(join(run, 'results', 1)).toBe(JSON.stringify(run));
  });
});
