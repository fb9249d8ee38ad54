// The `ossast gate` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerGate(program: Command, ctx: CommandContext): void {
  program
    .command('gate')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast gate is not implemented yet');
    });
}
