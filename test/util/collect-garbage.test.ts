// collectGarbage: a full collection when the heap is at least the given size, none below it.
import { describe, expect, it } from 'vitest';
import { setImmediate as tick } from 'node:timers/promises';
import { collectGarbage } from '../../src/util/collect-garbage.js';

/** A WeakRef to an object nothing else holds (made in its own function, so no local keeps it). */
const orphan = () => new WeakRef({ payload: 'x'.repeat(1000) });

describe('collectGarbage', () => {
  it('collects what nothing holds any more', async () => {
    const ref = orphan();
    await tick(); // a WeakRef's target is kept until the current job ends
    collectGarbage(0);
    expect(ref.deref()).toBeUndefined();
  });
  it('does nothing while the heap is below the size given', async () => {
    const ref = orphan();
    await tick();
    collectGarbage(Number.MAX_SAFE_INTEGER);
    expect(ref.deref()).toBeDefined();
  });
});
