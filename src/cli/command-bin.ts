// Runs one command as a program of its own: the entry of each command's one-file bundle (scripts/bundle.mjs builds
// `<command>-cli.cjs` for every command, `gate` with what it rarely needs left in the main bundle's lazy entries;
// bin/ossast.js starts it when the first word names that command). One file to load instead of the dozens of chunks
// the commands share: on Node.js 20, each module costs start-up time of its own.
import { defaultIO, runCommands, type Register } from './run-commands.js';
import { cancelOnSignals, dropOutputToClosedPipes } from './signals.js';

export async function runOneCommand(name: string, register: Register): Promise<void> {
  dropOutputToClosedPipes();
  const signal = cancelOnSignals();
  process.exitCode = await runCommands([[name, () => Promise.resolve(register)]], process.argv.slice(2), { ...defaultIO(), signal });
}
