// SIGINT/SIGTERM become a cancellation every stage watches; a second signal stops the tools at once and exits. A
// closed standard output or error is not a crash.
import { InterruptedError } from '../util/errors.js';

/** Installs the handlers and returns the signal the run is cancelled with. */
export function cancelOnSignals(): AbortSignal {
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
  return stop.signal;
}

/**
 * A reader that goes away (`ossast gate ... | head -1`) closes the pipe: what ossast still has to say is dropped, and
 * the run goes on to its own exit code, instead of a stack trace from the write that failed.
 */
export function dropOutputToClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
      throw err;
    });
  }
}
