// `ossast suppressions check FILE...`: validates suppression files and lists expired and soon-expiring entries.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { loadSuppressionFiles } from '../../suppress/index.js';
import { broadReasons } from '../../suppress/review.js';
import { ExitCode, UsageError } from '../../util/errors.js';

const DAY = 86_400_000;

export function registerSuppressions(program: Command, ctx: CommandContext): void {
  const group = program.command('suppressions').description('work with suppression files');
  group
    .command('check')
    .description('validate suppression files (owner, substantive justification, no undeclared broad match: exit 2 otherwise); list broad entries, expired entries and those expiring within 30 days (exit 1 when any expired)')
    .argument('<file...>', 'suppression files (YAML)')
    .option('--builtin', 'check the built-in list too')
    .option('--within <days>', 'warn about entries expiring within this many days', '30')
    .action(async (files: string[], flags: { builtin?: boolean; within: string }) => {
      const within = Number(flags.within);
      if (!Number.isInteger(within) || within < 0 || within > 36_500) throw new UsageError(`--within: expected a whole number of days from 0 to 36500, received "${flags.within}"`);
      const set = await loadSuppressionFiles(
        files.map((f) => resolve(ctx.cwd, f)),
        { builtin: Boolean(flags.builtin) },
      );
      const today = new Date().toISOString().slice(0, 10);
      const soon = new Date(Date.now() + within * DAY).toISOString().slice(0, 10);
      const where = (e: (typeof set.entries)[number]) => `${e.file}${e.line ? `:${e.line}` : ''}`;
      const expired = set.entries.filter((e) => e.expires && e.expires < today);
      const expiring = set.entries.filter((e) => e.expires && e.expires >= today && e.expires <= soon);
      for (const e of expired) ctx.stdout.write(`EXPIRED   ${e.id}  expired ${e.expires}  owner ${e.owner ?? '-'}  (${where(e)})\n`);
      for (const e of expiring) ctx.stdout.write(`EXPIRING  ${e.id}  expires ${e.expires}  owner ${e.owner ?? '-'}  (${where(e)})\n`);
      // Broad entries are valid only because they say so; each is named, with why it is broad, until it expires.
      const broad = set.entries.filter((e) => e.broad);
      for (const e of broad) ctx.stdout.write(`BROAD     ${e.id}  ${broadReasons(e.match).join('; ') || 'declared broad: true'}  owner ${e.owner ?? '-'}  expires ${e.expires ?? '-'}  (${where(e)})\n`);
      ctx.stdout.write(`${set.entries.length} entries in ${set.files.length} file(s) are valid; ${expired.length} expired, ${expiring.length} expiring within ${flags.within} days${broad.length ? `; ${broad.length} broad` : ''}\n`);
      ctx.exitCode = expired.length ? ExitCode.findings : ExitCode.ok;
    });
}
