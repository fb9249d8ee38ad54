// `ossast setup`: installs the pinned Semgrep for this user (pip, into the per-user tools folder), so that an ossast
// installed from npm scans without a Semgrep of its own on PATH.
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { setupSemgrep } from '../../scan/semgrep/provision.js';
import { ExitCode } from '../../util/errors.js';

export function registerSetup(program: Command, ctx: CommandContext): void {
  program
    .command('setup')
    .description('install the pinned Semgrep for ossast with pip, in a per-user folder (OSSAST_HOME, else ~/.cache/ossast)')
    .option('--python <exe>', 'the Python 3 that makes the virtual environment', 'python3')
    .action(async (flags: { python: string }) => {
      const got = await setupSemgrep({ env: ctx.env, python: flags.python, ...(ctx.signal ? { signal: ctx.signal } : {}), say: (m) => ctx.log.info(`setup: ${m}`) });
      ctx.stdout.write(`${got.already ? 'already installed' : 'installed'}: Semgrep ${got.version} at ${got.exe}\n`);
      ctx.log.info('setup: `ossast doctor` shows what ossast will use');
      ctx.exitCode = ExitCode.ok;
    });
}
