// compactJsonChunks writes what JSON.stringify writes, its array member in batches; placedJsonChunks in another order.
import { describe, expect, it } from 'vitest';
import { compactJsonChunks, placedJsonChunks } from '../../src/util/json-chunks.js';

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

describe('placedJsonChunks', () => {
  const items = Array.from({ length: 23 }, (_, i) => (i % 5 === 4 ? undefined : { ruleId: `r${i}`, gone: undefined, text: `"x" \u2028 ${i}` }));
  // A permutation: element k goes to index (7k + 3) mod 23.
  const place = Int32Array.from(items, (_, k) => (7 * k + 3) % 23);
  const written = new Array(23);
  for (const [k, p] of place.entries()) written[p] = items[k];

  it('gives the JSON.stringify text of the array in the placed order, whatever the window', () => {
    const run = { tool: { name: 'T' }, results: items, after: { results: [1] } };
    for (const window of [1, 4, 23, 1000]) expect([...placedJsonChunks(run, 'results', place, window)].join('')).toBe(JSON.stringify({ ...run, results: written }));
    expect([...placedJsonChunks({ results: [] }, 'results', new Int32Array(0))].join('')).toBe('{"results":[]}');
  });

  it('refuses places that are not a permutation of the indexes', () => {
    expect(() => [...placedJsonChunks({ results: [1, 2] }, 'results', Int32Array.of(0))]).toThrow(/1 places for 2 elements/);
    expect(() => [...placedJsonChunks({ results: [1, 2] }, 'results', Int32Array.of(1, 1))]).toThrow(/no element is placed at 0/);
  });
});
