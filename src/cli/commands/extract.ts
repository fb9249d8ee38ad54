// The `ossast extract` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerExtract(program: Command, ctx: CommandContext): void {
  program
    .command('extract')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast extract is not implemented yet');
    });
}
