// The `ossast` executable: turns SIGINT/SIGTERM into a cancellation and sets process.exitCode once from main().
import { main } from './main.js';
import { InterruptedError } from '../util/errors.js';

const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!stop.signal.aborted) {
      // First signal: every stage stops, scanners' process groups are stopped, partial files are removed.
      stop.abort(new InterruptedError(signal));
      return;
    }
    // A second signal: the user does not want to wait for the clean-up. The scanner module is already loaded when a
    // scanner runs (imported here only then, so that start-up stays light).
    void import('../scan/process.js').then(({ signalToolGroups }) => {
      signalToolGroups('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  });
}

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: stop.signal });
