// The `ossast` executable: turns SIGINT/SIGTERM into a cancellation and sets process.exitCode once from main();
// a run that stalls (a bug) exits 3, not Node's 13.
import { main } from './main.js';
import { defaultIO } from './run-commands.js';
import { cancelOnSignals, dropOutputToClosedPipes, failIfStalled } from './signals.js';

dropOutputToClosedPipes();
const signal = cancelOnSignals();
const run = main(process.argv.slice(2), { ...defaultIO(), signal });
failIfStalled(run);
process.exitCode = await run;
