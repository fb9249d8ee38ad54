// SIGINT/SIGTERM become a cancellation every stage watches; a second signal stops the tools at once and exits. A
// closed standard output or error is not a crash.
import { InterruptedError } from '../util/errors.js';

/**
 * After the first signal the run has this long to stop by itself (stages watch the cancellation, partial files are
 * removed); then every tool is killed and ossast exits, whatever is still waiting (a scanner that ignores SIGTERM, a
 * LifeTime call, a slow disk). Below 2 s: a signal always stops ossast within 2 s.
 */
export const STOP_DEADLINE_MS = 1_200;

/** Installs the handlers and returns the signal the run is cancelled with. */
export function cancelOnSignals(): AbortSignal {
  const stop = new AbortController();
  // The scanner module is loaded when a scanner runs (imported here only then, so that start-up stays light).
  const hardStop = (signal: NodeJS.Signals) =>
    void import('../scan/process.js').then(({ signalToolGroups }) => {
      signalToolGroups('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stop.signal.aborted) {
        // First signal: every stage stops, scanners' process groups are stopped, partial files are removed.
        stop.abort(new InterruptedError(signal));
        // Not keeping ossast alive: a run that ends sooner exits as it would have.
        setTimeout(() => hardStop(signal), STOP_DEADLINE_MS).unref();
        return;
      }
      // A second signal: the user does not want to wait for the clean-up.
      hardStop(signal);
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

/**
 * A run whose work can no longer move (every handle closed, a promise no event will ever settle: a bug) would end
 * with Node's exit 13 and a warning about top-level await. It ends instead with exit 3, a run that did not complete,
 * and says so. Call with the run's promise.
 */
export function failIfStalled(run: Promise<unknown>, stderr: NodeJS.WritableStream = process.stderr): void {
  let settled = false;
  const done = () => {
    settled = true;
  };
  run.then(done, done);
  process.once('beforeExit', () => {
    if (settled) return;
    stderr.write(
      'ossast: stopped with its work unfinished: it was waiting on something that can no longer happen (a bug in ossast). Nothing it wrote is complete; exit 3.\n  Run it again; if it persists, report it with the command line.\n',
    );
    process.exit(3);
  });
}
