// The merge worker pool: close() ends, whatever the workers are doing when it is called.
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/merge/worker-pool.js';
import type { MergeTask } from '../../src/merge/worker-protocol.js';

const script = new URL('../fixtures/workers/reply-then-flag.mjs', import.meta.url);
const task = (id: number, flag: Int32Array): MergeTask => ({ id, files: ['a.sarif'], sourceRoot: '/src', ossastVersion: '0', redactSecrets: true, partPrefix: '/tmp/x', flag }) as MergeTask;
/** Resolves to 'ended', or to 'hung' when `p` has not settled after `ms`. */
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => 'ended'), new Promise((r) => setTimeout(() => r('hung'), ms).unref())]);

describe('WorkerPool.close', () => {
  // The race CI met once in 70 merges: a worker's reply already sent, not yet read, when close() began. Reading it
  // took away the listener terminate() waits on, and the merge never ended (exit 13 from a shell, a timeout in tests).
  it.each([1, 2, 3])('ends when a reply arrives after it began (%i worker(s))', async (size) => {
    const pool = new WorkerPool({ size, heapMb: 256, script });
    const flags = Array.from({ length: size }, () => new Int32Array(new SharedArrayBuffer(4)));
    const runs = flags.map((flag, i) => pool.run(task(i, flag)));
    // Block this thread until every worker has sent its reply: the replies wait, unread, in the message queues.
    for (const flag of flags) expect(Atomics.wait(flag, 0, 0, 30_000)).not.toBe('timed-out');
    const closing = pool.close();
    expect(await within(closing, 10_000)).toBe('ended');
    expect(await within(Promise.allSettled(runs), 1_000)).toBe('ended');
  });
  it('refuses tasks once closed and rejects the ones still queued', async () => {
    const pool = new WorkerPool({ size: 1, heapMb: 256, script });
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const first = pool.run(task(0, flag));
    const queued = expect(pool.run(task(1, new Int32Array(new SharedArrayBuffer(4))))).rejects.toThrow(/merge was stopped first/);
    Atomics.wait(flag, 0, 0, 30_000);
    expect(await within(pool.close(), 10_000)).toBe('ended');
    await queued;
    await expect(pool.run(task(2, flag))).rejects.toThrow(/already stopped/);
    await Promise.allSettled([first]);
  });
});
