// jsonChunks' fast path (array elements written by JSON.stringify when redaction has nothing to do in them) writes
// exactly what the walk writes, for generated values of every kind: secrets in values and keys, in their raw, JSON and
// URL forms, bearer tokens, characters JSON escapes, nesting deeper than the indentation cap, toJSON, cycles.
import { describe, expect, it } from 'vitest';
import { jsonChunks, MAX_INDENT_LEVELS } from '../../src/util/json-chunks.js';
import { redactWhole, redactsNothingInJson, registerSecret } from '../../src/util/redact.js';

const SECRETS = ['tok-3f9a2b7c1d', 'pa"ss\\wo\nrd-77', '\u00e9t\u00e9-s3cr3t \ud83d\udd11'];
for (const s of SECRETS) registerSecret(s);

/** A small seeded generator (mulberry32): the same values on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(random: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const text = () =>
    pick([
      'plain',
      `x${SECRETS[0]}y`,
      SECRETS[1]!,
      JSON.stringify(SECRETS[1]).slice(1, -1),
      encodeURIComponent(SECRETS[2]!),
      `a ${SECRETS[2]} b`,
      'Authorization: Bearer abcdefgh12345',
      'Bearer short',
      'quote " back \\ nl \n tab \t nul \u0000',
      'lone \ud800 surrogate',
      'sep \u2028 \u2029',
      '',
    ]);
  const r = random();
  if (depth <= 0 || r < 0.3) return pick([text(), 42, -0.5, true, false, null, Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1]);
  if (r < 0.35) {
    const inner = text();
    return { toJSON: (key: string) => ({ key, inner }) };
  }
  if (r < 0.4) return new Date(0);
  // Nesting that goes past the indentation cap on some branches.
  if (r < 0.45) {
    let v: unknown = text();
    for (let i = 0; i < MAX_INDENT_LEVELS + 3; i++) v = random() < 0.5 ? [v] : { [`k${i}`]: v };
    return v;
  }
  const n = Math.floor(random() * 5);
  if (r < 0.72) return Array.from({ length: n }, () => generate(random, depth - 1));
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [random() < 0.15 ? text() : `m${i}`, generate(random, depth - 1)]));
}

const write = (value: unknown, indent: number, fast: boolean) => [...jsonChunks(value, { indent, clean: redactWhole, chunkSize: 64, ...(fast ? { cleanChangesNothing: redactsNothingInJson } : {}) })].join('');

describe('jsonChunks fast path', () => {
  it('writes what the walk writes, on 600 generated values, compact and indented, and no secret in either', () => {
    const random = rng(26);
    let fastTaken = 0;
    const counting = (json: string) => {
      const ok = redactsNothingInJson(json);
      if (ok) fastTaken++;
      return ok;
    };
    for (let i = 0; i < 600; i++) {
      // Under a results-like array, at several depths, so that elements are written by both paths.
      // Every 50th a long array (more elements than one JSON.stringify call writes in compact JSON).
      const value = { runs: [{ results: Array.from({ length: i % 50 === 0 ? 700 : 4 }, () => generate(random, i % 50 === 0 ? 3 : 6)) }] };
      for (const indent of [0, 2]) {
        const walked = write(value, indent, false);
        expect([...jsonChunks(value, { indent, clean: redactWhole, chunkSize: 64, cleanChangesNothing: counting })].join('')).toBe(walked);
        for (const s of SECRETS) expect(walked).not.toContain(JSON.stringify(s).slice(1, -1));
      }
    }
    // Both paths ran: the comparison is not vacuous.
    expect(fastTaken).toBeGreaterThan(500);
  });

  it('writes long arrays of plain objects many elements a call in compact JSON, and still redacts the batch with a secret', () => {
    const results: unknown[] = Array.from({ length: 1000 }, (_, i) => ({ ruleId: `r${i}`, message: { text: i === 700 ? `key ${SECRETS[0]}` : `m ${i}` }, n: [i, null] }));
    results[300] = { toJSON: () => 'as json' };
    results[301] = 'a string';
    let checks = 0;
    const counting = (json: string) => {
      checks++;
      return redactsNothingInJson(json);
    };
    const value = { runs: [{ results }] };
    const fast = [...jsonChunks(value, { indent: 0, clean: redactWhole, chunkSize: 64, cleanChangesNothing: counting })].join('');
    expect(fast).toBe(write(value, 0, false));
    expect(fast).not.toContain(SECRETS[0]);
    expect(fast).toContain('"as json","a string"');
    // Two batches whole, two one element a call (the one with a secret, and the one holding toJSON and a string).
    expect(checks).toBeLessThan(600);
  });

  it('gives the walk its own error on a cycle through an element, and on a BigInt', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = [a];
    expect(() => write({ list: [a] }, 2, true)).toThrow('Converting circular structure to JSON');
    expect(() => write({ list: [{ n: 1n }] }, 2, true)).toThrow('Do not know how to serialize a BigInt');
  });

  it('redactsNothingInJson: false whenever a form of a secret or a bearer token is in the text', () => {
    for (const s of SECRETS) {
      expect(redactsNothingInJson(JSON.stringify({ v: `..${s}..` }))).toBe(false);
      expect(redactsNothingInJson(JSON.stringify({ [s]: 1 }))).toBe(false);
      expect(redactsNothingInJson(JSON.stringify([encodeURIComponent(s)]))).toBe(false);
    }
    expect(redactsNothingInJson(JSON.stringify({ h: 'Bearer abcdefgh123' }))).toBe(false);
    expect(redactsNothingInJson(JSON.stringify({ v: 'nothing secret here', n: [1, 2] }))).toBe(true);
  });
});
