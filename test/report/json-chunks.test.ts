// The streaming JSON serialiser: JSON.stringify's text, in chunks, every string (keys too) cleaned before escaping.
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/util/json-chunks.js';

const text = (v: unknown, opts: Parameters<typeof jsonChunks>[1] = {}) => [...jsonChunks(v, opts)].join('');

const samples: unknown[] = [
  null,
  0,
  -1.5e-7,
  'plain',
  'quote " backslash \\ newline \n tab \t nul \u0000 lone \ud800 pair \ud83d\ude00 sep \u2028',
  [],
  {},
  [[], {}, [[]], { a: {} }],
  { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [] } }, results: [{ ruleId: 'r', level: 'error', message: { text: 'm' }, suppressions: [] }] }] },
  { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: 1, nan: NaN, inf: -Infinity, arr: [undefined, () => 1, NaN] },
  { at: new Date('2026-01-02T03:04:05Z'), nested: { toJSON: (k: string) => `key was ${k}` } },
  { onlyUndefined: undefined },
  [true, false, null, 'a', 1, { 'k"ey\\': 'v' }],
];

describe('jsonChunks', () => {
  it('writes exactly what JSON.stringify writes, compact and indented, whatever the chunk size', () => {
    for (const v of samples) {
      for (const indent of [0, 2, 4]) {
        for (const chunkSize of [1, 7, 65_536]) expect(text(v, { indent, chunkSize }), `${JSON.stringify(v)} indent ${indent}`).toBe(JSON.stringify(v, null, indent));
      }
    }
  });
  it('yields chunks of about the chunk size, never the whole value at once', () => {
    const big = { results: Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: `result ${i}` })) };
    const chunks = [...jsonChunks(big, { indent: 2, chunkSize: 4096 })];
    expect(chunks.length).toBeGreaterThan(100);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(4096 + 200);
    expect(chunks.join('')).toBe(JSON.stringify(big, null, 2));
  });
  it('cleans every string and key before escaping it, so no escaped form of a secret is left', () => {
    const secret = 'to"k\\en';
    const clean = (s: string) => s.split(secret).join('***');
    const out = text({ [`key ${secret}`]: [`value ${secret}`, { deep: secret }] }, { indent: 2, clean });
    expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toEqual({ 'key ***': ['value ***', { deep: '***' }] });
  });
  it('refuses a cycle and a BigInt as JSON.stringify does, and is not limited by depth', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = { back: cyclic };
    expect(() => text(cyclic)).toThrow(/circular/);
    expect(() => text({ n: 1n })).toThrow(TypeError);
    // The same object twice (not a cycle) is fine.
    const shared = { s: 1 };
    expect(text([shared, shared])).toBe('[{"s":1},{"s":1}]');
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out = text(deep);
    expect(out.length).toBe(200_000 + '"leaf"'.length);
  });
});
