// The `ossast run` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast run is not implemented yet');
    });
}
