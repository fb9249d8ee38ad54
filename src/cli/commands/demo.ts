// The `ossast demo` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast demo is not implemented yet');
    });
}
