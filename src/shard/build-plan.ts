// The plan: how many shards, which targets each scans, and each one's share of the LifeTime packaging budget. Pure.
import { UsageError } from '../util/errors.js';
import { assignShards, packagingShare, planHash, targetKey } from './assign.js';
import { packagingBudgetError } from './packaging-budget.js';
import type { Plan, PlanTarget } from '../model/shard.js';

export interface ShardCount {
  shards?: number;
  maxPerShard?: number;
}

/** What can be checked before any target is resolved: one of --shards and --max-per-shard, --shards within the limit. */
export function checkShardFlags(count: ShardCount, limit: number, format: string): void {
  if ((count.shards === undefined) === (count.maxPerShard === undefined)) throw new UsageError('give either --shards N or --max-per-shard N', 'e.g. `ossast plan --shards 4 --format github`');
  if (count.shards !== undefined && count.shards > limit) tooMany(count.shards, count, 0, limit, format);
}

function tooMany(wanted: number, count: ShardCount, targets: number, limit: number, format: string): never {
  throw new UsageError(`${wanted} shards are more than a ${format} matrix may hold (${limit} jobs)`, count.shards !== undefined ? `use --shards ${limit} or fewer` : `raise --max-per-shard to at least ${Math.ceil(targets / limit)}`);
}

/** N from --shards or --max-per-shard, at most `limit` (the CI's matrix limit) and at most one shard per target. */
export function shardCount(count: ShardCount, targets: number, limit: number, format: string): number {
  checkShardFlags(count, limit, format);
  const wanted = count.shards ?? Math.ceil(targets / (count.maxPerShard ?? 1));
  if (wanted > limit) tooMany(wanted, count, targets, limit, format);
  return Math.max(1, Math.min(wanted, targets));
}

export function buildPlan(targets: PlanTarget[], n: number, packagingBudget?: number): Plan {
  const hasLifetime = targets.some((t) => t.kind !== 'local');
  if (packagingBudget !== undefined && hasLifetime && packagingBudget < n) throw packagingBudgetError(packagingBudget, n);
  const assigned = assignShards(targets, n);
  const shards = Array.from({ length: n }, (_, i) => {
    const own = targets.filter((t) => assigned.get(targetKey(t)) === i + 1);
    return {
      shard: `${i + 1}/${n}`,
      index: i + 1,
      total: n,
      targets: own.length,
      bytes: own.reduce((s, t) => s + (t.bytes ?? 0), 0),
      ...(packagingBudget !== undefined && hasLifetime ? { packaging: packagingShare(packagingBudget, i + 1, n) } : {}),
      ids: own.map(targetKey).sort(),
    };
  });
  return { kind: 'ossast-plan', plan: planHash(targets), targets, shards };
}
