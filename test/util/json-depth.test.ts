// The nesting guard agrees with a plain character-by-character reading of JSON, however the text is cut into chunks
// (a backslash or a quote at a chunk's end, escaped quotes and backslashes, brackets inside strings), as text or bytes.
import { describe, expect, it } from 'vitest';
import { JsonDepthGuard } from '../../src/util/json-depth.js';

/** The deepest nesting of `text`, read one character at a time. */
function deepest(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth--;
  }
  return max;
}

/** A random JSON value whose strings are full of what could confuse the guard. */
function randomJson(rand: () => number, depth: number): string {
  const pick = rand();
  if (depth <= 0 || pick < 0.3) {
    const parts = ['[', ']', '{', '}', '\\', '"', 'é', '\u2028', 'a', '\\\\'];
    return JSON.stringify(Array.from({ length: Math.floor(rand() * 12) }, () => parts[Math.floor(rand() * parts.length)]).join(''));
  }
  const items = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomJson(rand, depth - 1 - Math.floor(rand() * 2)));
  return pick < 0.65 ? `[${items.join(',')}]` : `{${items.map((v, i) => `"k${i}\\"[":${v}`).join(',')}}`;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('JsonDepthGuard', () => {
  it('refuses exactly above its limit, across any chunking, as text and as bytes', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = seeded(seed);
      const text = randomJson(rand, 2 + Math.floor(rand() * 10));
      expect(() => JSON.parse(text)).not.toThrow();
      const max = deepest(text);
      for (const limit of max > 0 ? [max - 1, max] : [0]) {
        for (const asBytes of [false, true]) {
          const data = asBytes ? Buffer.from(text) : text;
          const guard = new JsonDepthGuard('t.json', limit);
          const feed = () => {
            for (let at = 0; at < data.length; ) {
              const size = 1 + Math.floor(rand() * 7);
              guard.feed(data.slice(at, at + size));
              at += size;
            }
          };
          if (limit < max) expect(feed, `seed ${seed}: ${text}`).toThrow(`t.json nests arrays and objects more than ${limit} deep`);
          else expect(feed, `seed ${seed}: ${text}`).not.toThrow();
        }
      }
    }
  });
});
