// Shard assignment: stable by target id, balanced by size (or count when sizes are unknown), one hash per target list.
import { describe, expect, it } from 'vitest';
import { assignShards, packagingShare, planHash, targetKey } from '../../src/shard/assign.js';
import { buildPlan, shardCount } from '../../src/shard/build-plan.js';
import type { PlanTarget } from '../../src/model/shard.js';

const local = (n: number, bytes = (i: number) => 1000 + i): PlanTarget[] => Array.from({ length: n }, (_, i) => ({ kind: 'local', id: `App/M${i}`, bytes: bytes(i) }));
const apps = (n: number): PlanTarget[] => Array.from({ length: n }, (_, i) => ({ kind: 'lifetime-application', id: `App${i}` }));
const loads = (targets: PlanTarget[], n: number, measure: (t: PlanTarget) => number) => {
  const a = assignShards(targets, n);
  const out = new Array<number>(n).fill(0);
  for (const t of targets) out[a.get(targetKey(t))! - 1]! += measure(t);
  return out;
};

describe('assignShards', () => {
  it('gives every target one shard in 1..N, the same whatever order the targets come in', () => {
    const targets = [...local(40), ...apps(12)];
    const a = assignShards(targets, 5);
    const b = assignShards([...targets].reverse(), 5);
    expect([...a.values()].every((s) => s >= 1 && s <= 5)).toBe(true);
    expect(a.size).toBe(52);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('keeps targets where they were when others are added (LifeTime apps: most stay, within the count bound)', () => {
    const before = assignShards(apps(60), 4);
    const after = assignShards(apps(64), 4);
    const moved = [...before].filter(([k, s]) => after.get(k) !== s).length;
    expect(moved).toBeLessThan(60 * 0.15);
  });

  it('balances sizes: no shard over 10% above an even split, even with sizes far apart', () => {
    const targets = local(90, (i) => (i % 10 === 0 ? 50_000 : 1_000 + ((i * 7919) % 5_000)));
    const total = targets.reduce((s, t) => s + (t.bytes ?? 0), 0);
    for (const n of [2, 3, 7]) for (const l of loads(targets, n, (t) => t.bytes ?? 0)) expect(l).toBeLessThanOrEqual(Math.ceil((1.1 * total) / n));
  });

  it('balances LifeTime targets by count (their size is unknown before packaging): never an empty shard when N <= targets', () => {
    for (const [count, n] of [
      [3, 3],
      [9, 4],
      [10, 4],
      [300, 7],
      [256, 256],
    ] as const) {
      const l = loads(apps(count), n, () => 1);
      expect(Math.max(...l) - Math.min(...l)).toBeLessThanOrEqual(1);
    }
  });
});

describe('planHash', () => {
  it('depends on the set of targets, not their order, and changes when one is added', () => {
    const t = local(5);
    expect(planHash([...t].reverse())).toBe(planHash(t));
    expect(planHash(local(6))).not.toBe(planHash(t));
    expect(planHash([{ kind: 'lifetime-module', id: 'App/M0' }])).not.toBe(planHash([{ kind: 'local', id: 'App/M0' }]));
  });
});

describe('packaging budget', () => {
  it('splits the budget so the shards together never exceed it', () => {
    for (const [budget, n] of [
      [8, 3],
      [5, 5],
      [100, 7],
      [256, 256],
    ] as const) {
      const shares = Array.from({ length: n }, (_, i) => packagingShare(budget, i + 1, n));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(budget);
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
    }
  });
  it('prints each shard its share; refuses (exit 2) a budget below the number of shards', () => {
    expect(buildPlan(apps(9), 3, 8).shards.map((s) => s.packaging)).toEqual([3, 3, 2]);
    expect(buildPlan(local(9), 3, 8).shards.map((s) => s.packaging)).toEqual([undefined, undefined, undefined]);
    expect(() => buildPlan(apps(9), 3, 2)).toThrow(/lifetime.maxConcurrentPackaging is 2, fewer than the 3 shards/);
  });
});

describe('shardCount', () => {
  it('takes --shards or --max-per-shard, within the CI limit and at most one shard per target', () => {
    expect(shardCount({ shards: 4 }, 30, 256, 'github')).toBe(4);
    expect(shardCount({ shards: 40 }, 30, 256, 'github')).toBe(30);
    expect(shardCount({ maxPerShard: 7 }, 30, 256, 'github')).toBe(5);
    expect(() => shardCount({ maxPerShard: 1 }, 300, 200, 'gitlab')).toThrow('300 shards are more than a gitlab matrix may hold (200 jobs)');
    expect(() => shardCount({}, 30, 256, 'json')).toThrow('give either --shards N or --max-per-shard N');
    expect(() => shardCount({ shards: 2, maxPerShard: 3 }, 30, 256, 'json')).toThrow('give either --shards N or --max-per-shard N');
  });
});
