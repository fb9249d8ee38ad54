// `ossast gate ...` alone: the same command as in main.ts, bundled on its own (scripts/bundle.mjs) with what it
// rarely needs left in the main bundle's entries, so that gating a log in CI loads one small file.
import { runOneCommand } from './command-bin.js';
import { registerGate } from './commands/gate.js';

await runOneCommand('gate', registerGate);
