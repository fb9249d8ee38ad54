// `ossast scan <path>...`: scan local ZIPs, .tar.gz files or folders.
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { addCommonOptions, type CommonFlags } from '../options.js';
import { addShardOption, effectiveConfig, executePipeline, shardOf, signingOf } from '../pipeline-command.js';
import { resolve } from 'node:path';

export function registerScan(program: Command, ctx: CommandContext): void {
  addShardOption(
    addCommonOptions(
      program.command('scan').description('scan OutSystems source on disk: an application package ZIP, a module ZIP, a .tar.gz or a folder (settings from ./ossast.yml when present)').argument('<path...>', 'ZIP, .tar.gz or folder to scan'),
    ),
  ).action(async (paths: string[], flags: CommonFlags & { shard?: string }) => {
    const shard = shardOf(flags);
    // ./ossast.yml applies when present, as for `run` (its sources: and lifetime: sections excepted), and is named in the log.
    const { config, meta, names } = await effectiveConfig(ctx, flags, 'ossast.yml');
    const sources = paths.map((p) => resolve(ctx.cwd, p));
    // `scan` scans the paths it is given; a lifetime: section in the config is for `run`.
    const { lifetime: _ignored, ...rest } = config;
    const sign = await signingOf(ctx, flags, { ...rest, sources }, 'scan');
    ctx.exitCode = await executePipeline(ctx, { ...rest, sources }, meta, names, shard, sign);
  });
}
