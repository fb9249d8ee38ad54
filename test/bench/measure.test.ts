// The benches' statistics: the interval they print around a median ratio must be the textbook one.
import { describe, expect, it } from 'vitest';
import { medianInterval } from '../../bench/measure.js';

describe('medianInterval (order statistics, binomial coverage)', () => {
  it('gives the 8th and 18th of 25 values at 90% (coverage 1 - 2 P(B(25, 1/2) <= 7) = 0.957)', () => {
    const xs = Array.from({ length: 25 }, (_, i) => 25 - i); // 25..1, unsorted on purpose
    const ci = medianInterval(xs, 0.9)!;
    expect([ci.low, ci.high]).toEqual([8, 18]);
    expect(ci.level).toBeCloseTo(0.9567, 3);
  });

  it('widens for a higher level and is the whole range, or nothing, for few values', () => {
    const xs = Array.from({ length: 25 }, (_, i) => i + 1);
    const ci = medianInterval(xs, 0.99)!;
    expect([ci.low, ci.high]).toEqual([6, 20]); // P(B <= 5) = 0.0020, P(B <= 6) = 0.0073
    expect(medianInterval([3, 1, 2, 5, 4], 0.9)).toEqual({ low: 1, high: 5, level: 0.9375 });
    expect(medianInterval([1, 2, 3, 4], 0.9)).toBeUndefined();
  });
});
