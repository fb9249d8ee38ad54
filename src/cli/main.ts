// Entry point: parses the command line, runs one command, returns its exit code. Never calls process.exit.
import type { CliIO } from './command-context.js';
import { defaultIO, runCommands, type CommandTable } from './run-commands.js';

export type { Register } from './run-commands.js';

/**
 * Every command, in --help order, and how to load it. A command's module (and everything it imports) loads only when
 * that command runs; the whole table loads only to print the top-level help, so `ossast --version` loads none.
 */
const commands: CommandTable = [
  ['scan', async () => (await import('./commands/scan.js')).registerScan],
  ['extract', async () => (await import('./commands/extract.js')).registerExtract],
  ['run', async () => (await import('./commands/run.js')).registerRun],
  ['fetch', async () => (await import('./commands/fetch.js')).registerFetch],
  ['plan', async () => (await import('./commands/plan.js')).registerPlan],
  ['merge', async () => (await import('./commands/merge.js')).registerMerge],
  ['gate', async () => (await import('./commands/gate.js')).registerGate],
  ['suppressions', async () => (await import('./commands/suppressions.js')).registerSuppressions],
  ['exposure', async () => (await import('./commands/exposure.js')).registerExposure],
  ['demo', async () => (await import('./commands/demo.js')).registerDemo],
  ['setup', async () => (await import('./commands/setup.js')).registerSetup],
  ['doctor', async () => (await import('./commands/doctor.js')).registerDoctor],
  ['verify', async () => (await import('./commands/verify.js')).registerVerify],
];

/** Runs ossast with argv (without node and script) and returns the exit code. */
export function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  return runCommands(commands, argv, io);
}
