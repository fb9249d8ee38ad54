// The `ossast` executable: sets process.exitCode once from main().
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
