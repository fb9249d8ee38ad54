// The `ossast suppressions` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerSuppressions(program: Command, ctx: CommandContext): void {
  program
    .command('suppressions')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast suppressions is not implemented yet');
    });
}
