// One shard's part of a run: which LifeTime targets it fetches, which extracted local targets it scans, what it records.
import type { Config } from '../config/schema.js';
import { gatherSources, type SourcesOutcome } from '../pipeline/sources.js';
import type { Logger } from '../util/log.js';
import { resolveLifetimeTargets, resolveToken } from '../retrieve/index.js';
import { packagingBudgetError } from './shard-budget.js';
import { assignShards, packagingShare, planHash, targetKey } from './assign.js';
import { localPlanTargets } from './targets.js';
import type { PlanTarget, ShardRecord, ShardSpec } from './schema.js';

export interface ShardInputs {
  /** The config narrowed to this shard's LifeTime targets (by key), with its share of the packaging budget. */
  config: Config;
  /** Every LifeTime target of the plan (for the plan's hash). */
  lifetime: PlanTarget[];
}

/** The shard's LifeTime part: every target resolved (names to keys), this shard's kept, the packaging budget split. */
export async function shardInputs(config: Config, shard: ShardSpec, env: NodeJS.ProcessEnv, log: Logger, configFile: string, signal?: AbortSignal): Promise<ShardInputs> {
  if (!config.lifetime) return { config, lifetime: [] };
  const lt = config.lifetime;
  const token = resolveToken(lt, env, configFile);
  const resolved = await resolveLifetimeTargets(lt, { token, log, ...(signal ? { signal } : {}) });
  const lifetime = resolved.map((r) => r.target);
  const assigned = assignShards(lifetime, shard.total);
  const mine = resolved.filter((r) => assigned.get(targetKey(r.target)) === shard.index);
  if (mine.length === 0) {
    const { lifetime: _none, ...rest } = config;
    return { config: rest, lifetime };
  }
  const budget = lt.maxConcurrentPackaging;
  const share = budget === undefined ? undefined : packagingShare(budget, shard.index, shard.total);
  if (share === 0) throw packagingBudgetError(budget ?? 0, shard.total);
  const keys = (kind: PlanTarget['kind']) => mine.filter((r) => r.target.kind === kind).map((r) => r.key);
  return {
    config: { ...config, lifetime: { ...lt, applications: keys('lifetime-application'), modules: keys('lifetime-module'), ...(share === undefined ? {} : { maxConcurrentPackaging: share }) } },
    lifetime,
  };
}

/**
 * Keeps this shard's local targets (every shard extracts every local input, so each knows the whole plan) and their
 * records; LifeTime targets were already narrowed before retrieval. A local input that could not be extracted is
 * reported by shard 1 only, so the joined log names it once.
 */
export async function shardPart(sources: SourcesOutcome, lifetime: PlanTarget[], shard: ShardSpec): Promise<{ sources: SourcesOutcome; record: ShardRecord }> {
  const local = await localPlanTargets(sources.targets);
  const assigned = assignShards(local, shard.total);
  const isLocal = new Set(local.map((t) => t.id));
  const keep = (id: string) => !isLocal.has(id) || assigned.get(targetKey({ kind: 'local', id })) === shard.index;
  const targets = sources.targets.filter((t) => keep(t.id));
  const records = sources.records.filter((r) => (isLocal.has(r.id) ? keep(r.id) : r.status === 'ok' || r.source.kind === 'lifetime' || shard.index === 1));
  const ltAssigned = assignShards(lifetime, shard.total);
  const own = [...lifetime.filter((t) => ltAssigned.get(targetKey(t)) === shard.index), ...local.filter((t) => keep(t.id))];
  return { sources: { ...sources, targets, records }, record: { index: shard.index, total: shard.total, plan: planHash([...lifetime, ...local]), targets: own.map(targetKey).sort() } };
}

/** Gathers one shard's sources (LifeTime part narrowed before retrieval, local part after extraction) and its record. */
export async function gatherShard(config: Config, shard: ShardSpec, dirs: { src: string; downloads: string }, env: NodeJS.ProcessEnv, log: Logger, configFile: string, signal?: AbortSignal): Promise<{ sources: SourcesOutcome; record: ShardRecord }> {
  const inputs = await shardInputs(config, shard, env, log, configFile, signal);
  // A shard with no LifeTime target of its own and no local sources has nothing to scan, and says so in its manifest.
  const gathered = inputs.config.lifetime || inputs.config.sources.length ? await gatherSources(inputs.config, dirs, env, log, configFile, signal) : { sourceRoot: dirs.src, targets: [], records: [] };
  return shardPart(gathered, inputs.lifetime, shard);
}
