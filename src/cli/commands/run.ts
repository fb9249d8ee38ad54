// `ossast run`: run what the config declares (LifeTime targets and/or local sources).
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { addCommonOptions, type CommonFlags } from '../options.js';
import { addShardOption, effectiveConfig, executePipeline, shardOf, signingOf } from '../pipeline-command.js';
import { addLifetimeOptions, lifetimeConfigFromFlags } from '../lifetime-options.js';
import { UsageError } from '../../util/errors.js';

export function registerRun(program: Command, ctx: CommandContext): void {
  const cmd = program.command('run').description('run the pipeline the config declares (default file ossast.yml): retrieve, extract, scan, merge, suppress, gate, report');
  addShardOption(addLifetimeOptions(addCommonOptions(cmd))).action(async (flags: CommonFlags & Record<string, unknown>) => {
    const shard = shardOf(flags);
    const { config, meta, names } = await effectiveConfig(ctx, flags, 'ossast.yml');
    const lifetime = lifetimeConfigFromFlags(flags, config.lifetime);
    if (!meta && !lifetime && config.sources.length === 0) {
      throw new UsageError('no ossast.yml here and no --config or --lifetime-url given', 'write an ossast.yml (see config/ossast.example.yml), pass --config FILE, or use `ossast scan <path>`');
    }
    const sign = await signingOf(ctx, flags, config, 'run');
    ctx.exitCode = await executePipeline(ctx, { ...config, ...(lifetime ? { lifetime } : {}) }, meta, names, shard, sign);
  });
}
