// The `ossast scan` command (placeholder until its issue lands).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../util/errors.js';

export function registerScan(program: Command, ctx: CommandContext): void {
  program
    .command('scan')
    .description('not implemented yet')
    .action(() => {
      void ctx;
      throw new UsageError('ossast scan is not implemented yet');
    });
}
