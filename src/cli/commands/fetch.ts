// The `ossast fetch` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerFetch(program: Command, ctx: CommandContext): void {
  program
    .command('fetch')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast fetch is not implemented yet');
    });
}
