// The `ossast` executable: turns SIGINT/SIGTERM into a cancellation and sets process.exitCode once from main().
import { main } from './main.js';
import { defaultIO } from './run-commands.js';
import { cancelOnSignals, dropOutputToClosedPipes } from './signals.js';

dropOutputToClosedPipes();
const signal = cancelOnSignals();
process.exitCode = await main(process.argv.slice(2), { ...defaultIO(), signal });
