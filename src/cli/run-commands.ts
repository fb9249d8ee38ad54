// Runs one command of a table, given the command line: the logger, commander, the exit codes. Never calls process.exit.
// The table is the caller's (main.ts: every command).
import type { Command } from 'commander';
import { colorEnabled, ConsoleSink, messageLines, type ColorMode } from '../util/log.js';
import { createContext, type CliIO, type CommandContext } from './command-context.js';
import { describeError, ExitCode, OssastError, throwIfInterrupted } from '../util/errors.js';
import { ossastVersion } from '../util/version.js';
import { addExitHelp } from './help.js';

export type Register = (program: Command, ctx: CommandContext) => void;
export type CommandTable = [name: string, load: () => Promise<Register>][];

/** Runs one of `table`'s commands. */
export async function runCommands(table: CommandTable, argv: string[], given: CliIO = defaultIO()): Promise<number> {
  // `ossast --version` alone is answered before the command-line parser loads: loading is most of its time.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    given.stdout.write(`${ossastVersion()}\n`);
    return ExitCode.ok;
  }
  // Read before parsing: the logger exists before commander runs. A bad --color value is refused by commander below.
  const mode = colorMode(argv);
  const isTTY = (s: NodeJS.WritableStream) => Boolean((s as NodeJS.WriteStream).isTTY);
  const color = colorEnabled(mode, given.env, isTTY(given.stdout));
  const stderrColor = colorEnabled(mode, given.env, isTTY(given.stderr));
  // Every line ossast prints, whoever writes it, goes through one sink that makes text from LifeTime, packages and
  // tools inert for CI logs (no workflow commands, no ANSI sequences): see ConsoleSink.
  const sinks = [new ConsoleSink(given.stdout, { colour: color }), new ConsoleSink(given.stderr, { colour: stderrColor })] as const;
  const io: CliIO = { ...given, stdout: sinks[0], stderr: sinks[1] };
  try {
    return await runParsed(table, argv, io, { color, stderrColor });
  } finally {
    for (const s of sinks) s.flushHeld();
  }
}

async function runParsed(table: CommandTable, argv: string[], io: CliIO, colours: { color: boolean; stderrColor: boolean }): Promise<number> {
  const { Command, CommanderError, Option } = await import('commander');
  const ctx = createContext(io, { verbose: argv.includes('--verbose'), quiet: argv.includes('--quiet'), ...colours });
  const program = new Command('ossast')
    .description('SAST pipeline for OutSystems 11 source: retrieve, extract, scan, merge SARIF, suppress, gate, report.')
    .version(ossastVersion(), '-V, --version')
    .option('--verbose', 'print debug lines')
    .option('--quiet', 'print only warnings and errors')
    .addOption(new Option('--color <when>', 'colour the output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it), always, never').choices(['auto', 'always', 'never']).default('auto'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  for (const register of await Promise.all(needed(table, argv).map((load) => load()))) register(program, ctx);
  addExitHelp(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A signal during a step that does not watch for it still ends the run as interrupted.
    throwIfInterrupted(io.signal);
    return ctx.exitCode;
  } catch (caught) {
    const err = io.signal?.aborted ? io.signal.reason : caught;
    if (err instanceof CommanderError) {
      // --help and --version end here with exitCode 0; everything else is a usage error.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    io.stderr.write(`${messageLines(`ossast: ${describeError(err)}`)}\n`);
    if (err instanceof OssastError) return err.exitCode;
    return ExitCode.incomplete;
  }
}

/**
 * The commands to load: the one named on the command line; none for a bare --version; all of them otherwise (the
 * top-level help lists every command with its arguments, and an unknown name is refused with a suggestion).
 */
function needed(table: CommandTable, argv: string[]): (() => Promise<Register>)[] {
  const name = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--color');
  const named = table.find(([n]) => n === name);
  if (named) return [named[1]];
  if (name === undefined && (argv.includes('--version') || argv.includes('-V')) && !argv.includes('--help') && !argv.includes('-h')) return [];
  return table.map(([, load]) => load);
}

/** The last --color value on the command line (--color X or --color=X); auto when absent or not one of the choices. */
function colorMode(argv: string[]): ColorMode {
  let mode: ColorMode = 'auto';
  argv.forEach((a, i) => {
    const v = a.startsWith('--color=') ? a.slice(8) : a === '--color' ? argv[i + 1] : undefined;
    if (v === 'always' || v === 'never' || v === 'auto') mode = v;
  });
  return mode;
}

export function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
