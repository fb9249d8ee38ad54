// A turn of the event loop inside long synchronous work, so that a signal's handler runs and its stop is seen.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { throwIfInterrupted } from './errors.js';

/**
 * Gives the event loop one turn (signal handlers and timers run in it), then throws the InterruptedError if `signal`
 * fired. Called between the steps of work on a whole log: a turn costs microseconds, a step on a million results
 * hundreds of milliseconds.
 */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await nextTurn();
  throwIfInterrupted(signal);
}
