// Checks ossast command lines written in CI files against the real commander definitions, without running them.
import { Command, CommanderError } from 'commander';
import { Writable } from 'node:stream';
import { createContext } from '../../src/cli/command-context.js';
import { registerPlan } from '../../src/cli/commands/plan.js';
import { registerRun } from '../../src/cli/commands/run.js';
import { registerScan } from '../../src/cli/commands/scan.js';
import { registerMerge } from '../../src/cli/commands/merge.js';
import { registerGate } from '../../src/cli/commands/gate.js';

const OPERATORS = new Set(['||', '&&', '|', ';', '>', '>>', '2>', '<', ')']);

/** Shell words of a command's arguments (quotes removed), up to the first shell operator. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  // A CI expression (`${{ matrix.shard }}`) is one word with what surrounds it.
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:\$\{\{[^}]*\}\}|[^\s"'])+)/g)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    if (m[3] !== undefined && OPERATORS.has(word)) break;
    words.push(word);
  }
  return words;
}

/** Every `ossast <command> ...` in the strings of a parsed CI file (also `$OSSAST <command>`), as shell words. */
export function ossastCalls(doc: unknown): string[][] {
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return (
    strings
      .flatMap((s) => s.split('\n'))
      .map((l) => /(?:\bossast(?:\.js)?|\$OSSAST)\s+([a-z]+)\b(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      // Inside $( ... ) the command ends at the closing parenthesis.
      .map((m) => [m[1]!, ...shellWords(m.input.slice(0, m.index).includes('$(') ? m[2]!.slice(0, m[2]!.lastIndexOf(')')) : m[2]!)])
  );
}

/** A CI expression or variable replaced by a value of the kind it stands for (a shard I/N, or a plain word). */
export const substitute = (word: string) => word.replace(/\$\{\{\s*matrix\.shard\s*\}\}|\$CI_NODE_INDEX\/\$CI_NODE_TOTAL/g, '2/3').replace(/\$\{\{[^}]*\}\}|\$\w+/g, 'x');

/**
 * Parses `words` (command first) with the real definitions of plan, run, scan, merge and gate, actions replaced by
 * no-ops; throws what commander throws for an unknown option, a missing argument or a value outside the choices.
 * Returns the command's options as commander parsed them.
 */
export async function parseCommandLine(words: string[]): Promise<Record<string, unknown>> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const ctx = createContext({ stdout: sink, stderr: sink, env: {}, cwd: process.cwd() });
  const program = new Command('ossast').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const register of [registerPlan, registerRun, registerScan, registerMerge, registerGate]) register(program, ctx);
  let parsed: Record<string, unknown> | undefined;
  for (const c of program.commands)
    c.exitOverride()
      .configureOutput({ writeOut: () => {}, writeErr: () => {} })
      .action(() => void (parsed = c.opts()));
  try {
    await program.parseAsync(words.map(substitute), { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) throw new Error(`ossast ${words.join(' ')}: ${err.message}`);
    throw err;
  }
  if (!parsed) throw new Error(`ossast ${words.join(' ')}: not a command`);
  return parsed;
}
