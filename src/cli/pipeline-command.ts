// Shared body of `scan` and `run`: load config, apply flags, run the pipeline, print the summary.
import type { CommandContext } from './command-context.js';
import type { Config } from '../config/schema.js';
import { configSchema } from '../config/schema.js';
import { loadConfig, resolvePaths } from '../config/load.js';
import { applyFlags, outputNames, withEnvironment, type CommonFlags } from './options.js';
import type { OutputFormat } from '../report/config.js';

type Names = Partial<Record<OutputFormat, string>>;
import { runPipeline, type PipelineOptions } from '../pipeline/run.js';
import { writeContent } from '../model/report-file.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseShard } from '../shard/shard-spec.js';
import type { ShardSpec } from '../model/shard.js';
import { MAX_SHARDS } from '../model/shard.js';

/** `--shard I/N` of scan and run: scan only part I of the N that `ossast plan` printed. */
export function addShardOption(cmd: Command): Command {
  return cmd.option('--shard <I/N>', `scan only shard I of N (1 <= I <= N <= ${MAX_SHARDS}), the same split \`ossast plan\` printed; join the shards' logs with \`ossast merge\``);
}

/** The --shard value, checked (exit 2 with a clear message when it is not I/N within bounds). */
export const shardOf = (flags: object): ShardSpec | undefined => ('shard' in flags && typeof flags.shard === 'string' ? parseShard(flags.shard) : undefined);

/** Loads the config file (explicit --config, else ./ossast.yml when `defaultFile` and it exists, else defaults). */
export async function effectiveConfig(ctx: CommandContext, given: CommonFlags, defaultFile?: string): Promise<{ config: Config; meta?: { path: string; sha256: string }; names: Names }> {
  const flags = withEnvironment(given, ctx.env);
  const file = flags.config ?? (defaultFile && existsSync(resolve(ctx.cwd, defaultFile)) ? defaultFile : undefined);
  if (file && !flags.config) ctx.log.info(`using ${defaultFile} from the current folder (--config FILE for another)`);
  if (file) {
    const loaded = await loadConfig(file, ctx.env, ctx.cwd);
    const config = applyFlags(loaded.config, flags, ctx.cwd);
    return { config, meta: { path: file, sha256: loaded.sha256 }, names: outputNames(flags, config, ctx.cwd) };
  }
  const config = applyFlags(resolvePaths(configSchema.parse({ version: 1 }), ctx.cwd), flags, ctx.cwd);
  return { config, names: outputNames(flags, config, ctx.cwd) };
}

/** --sign-key: the signing key, read and checked now (exit 2 when it is not an Ed25519 private key, or lies where it would be scanned or written). */
export async function signingOf(ctx: CommandContext, flags: CommonFlags, config: Config, command: 'scan' | 'run'): Promise<PipelineOptions['sign']> {
  if (!flags.signKey) return undefined;
  const { checkKeyPlacement, loadSigningKey } = await import('../evidence/keys.js');
  const path = resolve(ctx.cwd, flags.signKey);
  checkKeyPlacement(path, { out: config.output.dir, scanned: config.sources });
  return { key: await loadSigningKey(path), command };
}

/** Runs the pipeline and prints its summary; returns the exit code. */
export async function executePipeline(ctx: CommandContext, config: Config, meta?: { path: string; sha256: string }, names: Names = {}, shard?: ShardSpec, sign?: PipelineOptions['sign']): Promise<number> {
  // The report input's `tty` means "colour the console report": --color, NO_COLOR and FORCE_COLOR decide it.
  const tty = ctx.color;
  ctx.log.debug(`output ${config.output.dir}: ${config.output.formats.join(', ')}; fail on ${config.gate.failOn}; ${config.sources.length} source(s); scanners ${config.scanners.map((s) => s.type).join(', ')}`);
  const columns = (ctx.stdout as NodeJS.WriteStream).columns;
  const outcome = await runPipeline(config, {
    log: ctx.log,
    env: ctx.env,
    cwd: ctx.cwd,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(meta ? { configMeta: meta } : {}),
    names,
    tty,
    ...(columns ? { columns } : {}),
    ...(shard ? { shard } : {}),
    ...(sign ? { sign } : {}),
  });
  for (const f of outcome.files) if (f.name === '-') await writeContent(ctx.stdout, f.content);
  if (!config.output.formats.includes('console')) ctx.log.info(outcome.gate.summary);
  ctx.log.info(`results written to ${config.output.dir}`);
  return outcome.exitCode;
}
