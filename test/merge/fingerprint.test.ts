// Duplicate results are left out before fingerprinting, in time that grows with the results, whatever their shape.
import { describe, expect, it } from 'vitest';
import type { Result } from 'sarif';
import { fingerprintUnique, withFingerprints, withFingerprintsPausing } from '../../src/merge/fingerprint.js';
import { FINGERPRINT_KEY } from '../../src/model/sarif-keys.js';

const at = (message: string, opts: { uri?: string; line?: number; endColumn?: number; rule?: string } = {}): Result => ({
  ruleId: opts.rule ?? 'R1',
  message: { text: message },
  locations: [{ physicalLocation: { artifactLocation: { uri: opts.uri ?? 'M/a.js' }, region: { startLine: opts.line ?? 1, startColumn: 1, endColumn: opts.endColumn ?? 9, snippet: { text: 'x' } } } }],
});

describe('fingerprintUnique: duplicates', () => {
  it('leaves out a result with the same rule, file, region and message as one before it, and only those', () => {
    const results = [at('a'), at('b'), at('a'), at('a', { endColumn: 10 }), at('a', { rule: 'R2' }), at('a', { line: 2 }), at('b'), at('a', { uri: 'M/b.js' })];
    const kept = fingerprintUnique(results, 'T');
    expect(kept).toHaveLength(6);
    expect(
      kept.map((r) => `${r.locations![0]!.physicalLocation!.artifactLocation!.uri}:${r.locations![0]!.physicalLocation!.region!.startLine}:${r.ruleId}:${r.message.text}:${r.locations![0]!.physicalLocation!.region!.endColumn}`),
    ).toEqual(['M/a.js:1:R1:a:9', 'M/a.js:1:R1:b:9', 'M/a.js:1:R1:a:10', 'M/a.js:1:R2:a:9', 'M/a.js:2:R1:a:9', 'M/b.js:1:R1:a:9']);
    // Same base (tool, rule, module path, code): occurrence numbers in position order.
    expect(kept.slice(0, 3).map((r) => r.partialFingerprints![FINGERPRINT_KEY]!.split(':')[1])).toEqual(['0', '1', '2']);
  });

  // One file, line and rule with 20,000 results of different messages (a hostile or broken scanner): each result
  // was compared with every one kept before it: about 18 s here (162 s measured at 60,000; a million would never end). Now a lookup each.
  it('one group of 20,000 results with different messages, and their 20,000 repeats, in linear time', { timeout: 10_000 }, () => {
    const n = 20_000;
    const results = Array.from({ length: 2 * n }, (_, i) => at(`m${i % n}`));
    const kept = fingerprintUnique(results, 'T');
    expect(kept).toHaveLength(n);
    expect(new Set(kept.map((r) => r.message.text)).size).toBe(n);
  });

  // Small groups are scanned, large ones looked up: both give what comparing with every result kept before gives.
  it('groups of every size, with absent ends and messages, keep what a plain comparison keeps', () => {
    const results: Result[] = [];
    for (let i = 0; i < 600; i++) {
      const r = at(i % 5 === 0 ? '' : `m${i % 9}`, { line: 1 + (i % 3), endColumn: 9 + (i % 4), rule: `R${i % 2}` });
      const region = r.locations![0]!.physicalLocation!.region!;
      if (i % 7 === 0) region.endColumn = undefined;
      if (i % 11 === 0) r.message = {};
      if (i >= 300) region.startLine = 50 + (i % 40); // 40 more groups of a few results each
      results.push(r);
    }
    const key = (r: Result) => {
      const g = r.locations![0]!.physicalLocation!.region!;
      return JSON.stringify([g.startLine, g.startColumn, r.ruleId, g.endLine ?? null, g.endColumn ?? null, r.message.text ?? '']);
    };
    const expected = new Set(results.map(key)).size;
    const kept = fingerprintUnique(results, 'T');
    expect(kept).toHaveLength(expected);
    expect(new Set(kept.map(key)).size).toBe(expected);
    expect(new Set(kept.map((r) => r.partialFingerprints![FINGERPRINT_KEY])).size).toBe(expected);
  });

  // Counted per key when lines and columns are narrow; compared when one spreads too wide to count.
  it('orders by file, line, column, rule and then input order, whatever the spread of lines', () => {
    for (const spread of [50, 2 ** 40]) {
      const results = Array.from({ length: 3000 }, (_, i) => {
        const r = at(`m${i}`, { uri: `M/f${(i * 7) % 9}.js`, line: 1 + ((i * 13) % 17) * (spread / 50), rule: `R${(i * 5) % 4}` });
        r.locations![0]!.physicalLocation!.region!.startColumn = (i * 3) % 5 === 0 ? undefined : (i * 3) % 5;
        return r;
      });
      const expected = results
        .map((r, i) => ({ r, i }))
        .sort((a, b) => {
          const pa = a.r.locations![0]!.physicalLocation!;
          const pb = b.r.locations![0]!.physicalLocation!;
          return (
            (pa.artifactLocation!.uri! < pb.artifactLocation!.uri! ? -1 : pa.artifactLocation!.uri! > pb.artifactLocation!.uri! ? 1 : 0) ||
            pa.region!.startLine! - pb.region!.startLine! ||
            (pa.region!.startColumn ?? 0) - (pb.region!.startColumn ?? 0) ||
            (a.r.ruleId! < b.r.ruleId! ? -1 : a.r.ruleId! > b.r.ruleId! ? 1 : 0) ||
            a.i - b.i
          );
        })
        .map(({ r }) => r.message.text);
      expect(fingerprintUnique(results, 'T').map((r) => r.message.text)).toEqual(expected);
    }
  });

  it('numbers the results of one base 0, 1, 2, ... in position order, for bases met once, a few times or hundreds of times', () => {
    const results = Array.from({ length: 4000 }, (_, i) => {
      const r = at(`m${i}`, { uri: `M/f${i % 3}.js`, line: 1 + (i % 1000), rule: `R${i % 2}` });
      // Snippets shared by 300 results, by 3, or by none.
      r.locations![0]!.physicalLocation!.region!.snippet!.text = i % 4 === 0 ? 'common()' : i % 4 === 1 ? `few(${i % 50})` : `own(${i})`;
      return r;
    });
    const kept = fingerprintUnique(results, 'T');
    const seen = new Map<string, number>();
    const counts: number[] = [];
    for (const r of kept) {
      const [base, k] = r.partialFingerprints![FINGERPRINT_KEY]!.split(':');
      const expected = seen.get(base!) ?? 0;
      seen.set(base!, expected + 1);
      expect(Number(k)).toBe(expected);
      counts.push(expected);
    }
    expect(Math.max(...counts)).toBeGreaterThan(200);
    expect(new Set(kept.map((r) => r.partialFingerprints![FINGERPRINT_KEY])).size).toBe(4000);
  });
});

describe('withFingerprintsPausing', () => {
  it('gives every result the fingerprint withFingerprints gives, in place when owned, the order kept', async () => {
    // Interleaved files, lines and repeated snippets: occurrence numbers depend on position order, not input order.
    const results = Array.from({ length: 3000 }, (_, i) => at(`m${i % 7}`, { uri: `M/f${i % 5}.js`, line: 1 + (i % 13), rule: `R${i % 3}` }));
    for (const [i, r] of results.entries()) r.locations![0]!.physicalLocation!.region!.snippet!.text = `call(${i % 11})`;
    const run = { tool: { driver: { name: 'T' } }, results };
    const expected = withFingerprints(run).results!.map((r) => r.partialFingerprints);
    let pauses = 0;
    const copied = await withFingerprintsPausing(run, async () => void pauses++);
    expect(copied.results!.map((r) => r.partialFingerprints)).toEqual(expected);
    expect(results[0]!.partialFingerprints).toBeUndefined();
    const owned = await withFingerprintsPausing(run, async () => undefined, { owned: true });
    expect(owned.results).toBe(results);
    expect(results.map((r) => r.partialFingerprints)).toEqual(expected);
    expect(new Set(expected.map((f) => f![FINGERPRINT_KEY])).size).toBe(3000);
    expect(pauses).toBeGreaterThanOrEqual(3);
  });
});
