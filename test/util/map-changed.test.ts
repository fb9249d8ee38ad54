// mapChanged: the same array when nothing changes, a copy with the changes otherwise; the input never changed.
import { describe, expect, it } from 'vitest';
import { mapChanged } from '../../src/util/map-changed.js';

describe('mapChanged', () => {
  const items = () => [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];
  it('returns the same array when fn returns every item itself', () => {
    const a = items();
    expect(mapChanged(a, (x) => x)).toBe(a);
    expect(mapChanged([], (x: number) => x + 1)).toEqual([]);
  });
  it('copies from the first change on, the items before it and the unchanged ones shared, the input as it was', () => {
    const a = items();
    const out = mapChanged(a, (x) => (x.n % 2 === 0 ? { n: -x.n } : x));
    expect(out).not.toBe(a);
    expect(out).toEqual([{ n: 1 }, { n: -2 }, { n: 3 }, { n: -4 }]);
    expect(out[0]).toBe(a[0]);
    expect(out[2]).toBe(a[2]);
    expect(a).toEqual(items());
    expect(mapChanged(a, (x) => (x.n === 1 ? { n: 0 } : x))).toEqual([{ n: 0 }, { n: 2 }, { n: 3 }, { n: 4 }]);
  });
});
