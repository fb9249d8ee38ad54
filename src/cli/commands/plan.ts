// `ossast plan`: resolves the targets (nothing packaged or downloaded) and prints the shard matrix a CI system runs.
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { effectiveConfig } from '../pipeline-command.js';
import { addLifetimeOptions, lifetimeConfigFromFlags } from '../lifetime-options.js';
import { resolvePlanTargets } from '../../pipeline/plan-targets.js';
import { buildPlan, checkShardFlags, shardCount } from '../../shard/build-plan.js';
import { planFormats, renderPlan, type PlanFormat } from '../../shard/matrix.js';
import { MATRIX_LIMITS } from '../../model/shard.js';
import { UsageError } from '../../util/errors.js';

interface PlanFlags extends Record<string, unknown> {
  config?: string;
  shards?: string;
  maxPerShard?: string;
  format: PlanFormat;
}

const whole = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a whole number >= 1, received "${v}"`);
  return n;
};

export function registerPlan(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('plan')
    .description('resolve the targets (LifeTime names to keys, local sources listed; nothing packaged or downloaded) and print the shard matrix for CI: scan each part with --shard I/N, then join with `ossast merge`')
    .argument('[path...]', "local ZIPs, .tar.gz files or folders (as for `ossast scan`); default: the config's sources and lifetime targets")
    .option('-c, --config <file>', 'pipeline config (YAML); default ./ossast.yml when present')
    .option('--shards <n>', 'number of shards (jobs)')
    .option('--max-per-shard <n>', 'targets per shard at most (the number of shards follows)')
    .addOption(new Option('--format <format>', 'github: a matrix for strategy.matrix (fromJSON); gitlab: a child pipeline; json: the whole plan').choices(planFormats).default('json'));
  addLifetimeOptions(cmd).action(async (paths: string[], flags: PlanFlags) => {
    const { config, meta } = await effectiveConfig(ctx, flags.config ? { config: flags.config } : {}, 'ossast.yml');
    const lifetime = lifetimeConfigFromFlags(flags, config.lifetime);
    const { lifetime: _fromConfig, ...rest } = config;
    // As `scan <path>...` (paths, no LifeTime) or as `run` (the config's sources and lifetime targets).
    const planned = paths.length ? { ...rest, sources: paths.map((p) => resolve(ctx.cwd, p)) } : { ...rest, ...(lifetime ? { lifetime } : {}) };
    const shards = whole('--shards', flags.shards);
    const maxPerShard = whole('--max-per-shard', flags.maxPerShard);
    checkShardFlags({ ...(shards ? { shards } : {}), ...(maxPerShard ? { maxPerShard } : {}) }, MATRIX_LIMITS[flags.format], flags.format);
    const targets = await resolvePlanTargets(planned, ctx.env, ctx.log, meta?.path ?? '(command line)', ctx.signal);
    const n = shardCount({ ...(shards ? { shards } : {}), ...(maxPerShard ? { maxPerShard } : {}) }, targets.length, MATRIX_LIMITS[flags.format], flags.format);
    if (shards && n < shards) ctx.log.info(`${targets.length} target(s): planning ${n} shard(s), not ${shards} (no shard without a target)`);
    const plan = buildPlan(targets, n, planned.lifetime?.maxConcurrentPackaging);
    const unsized = targets.filter((t) => t.bytes === undefined).length;
    ctx.log.info(`plan ${plan.plan.slice(0, 12)}: ${targets.length} target(s) in ${n} shard(s)${unsized ? `; ${unsized} LifeTime target(s) spread by count (their sizes are unknown before packaging)` : ''}`);
    const file = flags.config ?? meta?.path;
    ctx.stdout.write(renderPlan(plan, flags.format, { command: paths.length ? ['scan', ...paths, ...(file ? ['--config', file] : [])] : ['run', ...(file ? ['--config', file] : [])] }));
  });
}
