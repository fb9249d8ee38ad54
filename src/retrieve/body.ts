// Reads a reply's body chunk by chunk, bounded three ways: decoded bytes (a cap), silence (idle) and total time (deadline).
import type { Deadline } from './deadline.js';

/** Why a body was not read to its end: over the cap, silent too long, past the deadline, or the connection broke. */
export type BodyStop = 'cap' | 'idle' | 'deadline' | 'dropped';

export class BodyCut extends Error {
  constructor(
    readonly why: BodyStop,
    /** Decoded bytes received before the stop. */
    readonly bytes: number,
    cause?: unknown,
  ) {
    super(`body ${why} after ${bytes} bytes`, cause === undefined ? undefined : { cause });
  }
}

/** "512 bytes", "1.5 MB" (MiB, as the config's ...MB fields count). */
export const formatBytes = (n: number) => (n < 1024 * 1024 ? `${n} bytes` : `${Number((n / 1024 ** 2).toFixed(2))} MB`);

export interface BodyLimits {
  /** Decoded bytes (after any Content-Encoding): reading stops as soon as more arrive. */
  maxBytes: number;
  /** Longest silence between two chunks. */
  idleMs: number;
  deadline: Deadline;
}

/**
 * Hands each decoded chunk to `sink` (awaited, so a slow sink slows the reading) and returns the byte count. fetch
 * decodes gzip and deflate as the body is pulled, so stopping at the cap also stops the inflating: a compression bomb
 * never expands past it. `abort` is the request's controller: aborting it ends a read that waits.
 */
export async function streamBody(res: Response, abort: AbortController, limits: BodyLimits, sink: (chunk: Uint8Array) => void | Promise<void>): Promise<number> {
  if (!res.body) return 0;
  const reader = res.body.getReader();
  let bytes = 0;
  let why: BodyStop | undefined;
  const stop = (w: BodyStop) => () => {
    why ??= w;
    abort.abort(new Error(`reply ${w}`));
  };
  const idle = setTimeout(stop('idle'), limits.idleMs);
  const late = setTimeout(stop('deadline'), limits.deadline.remainingMs());
  try {
    for (;;) {
      const chunk = await reader.read().catch((err: unknown) => {
        throw new BodyCut(why ?? 'dropped', bytes, err);
      });
      if (chunk.done) return bytes;
      idle.refresh();
      bytes += chunk.value.byteLength;
      if (bytes > limits.maxBytes) throw new BodyCut('cap', bytes);
      await sink(chunk.value);
    }
  } catch (err) {
    // Whatever stopped the reading (cap, timer, a failing sink) also closes the connection.
    abort.abort(new Error('reply not read to its end'));
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(idle);
    clearTimeout(late);
  }
}
