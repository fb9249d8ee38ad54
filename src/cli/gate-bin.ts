// `ossast gate ...` alone: the same command as in main.ts, bundled on its own (scripts/bundle.mjs) so that gating a
// log in CI loads one file, not the chunks every command shares. bin/ossast.js starts it when the first word is `gate`.
import { defaultIO, runCommands } from './run-commands.js';
import { registerGate } from './commands/gate.js';
import { cancelOnSignals, dropOutputToClosedPipes } from './signals.js';

dropOutputToClosedPipes();
const signal = cancelOnSignals();
process.exitCode = await runCommands([['gate', () => Promise.resolve(registerGate)]], process.argv.slice(2), { ...defaultIO(), signal });
