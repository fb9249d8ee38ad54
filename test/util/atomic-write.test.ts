// writeFileAtomic: the content in place when complete, and the full garbage collection before it unless the caller declines it.
import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';

vi.mock('../../src/util/collect-garbage.js', () => ({ collectGarbage: vi.fn() }));
const { collectGarbage } = await import('../../src/util/collect-garbage.js');
const { writeFileAtomic } = await import('../../src/util/atomic-write.js');

async function* chunks(): AsyncGenerator<string> {
  yield '{"a":';
  yield '1}';
}

describe('writeFileAtomic', () => {
  const dir = tempDir();
  it('collects garbage first by default, not when told; writes the file either way and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a.json'), chunks());
    expect(collectGarbage).toHaveBeenCalledTimes(1);
    await writeFileAtomic(join(dir, 'b.json'), chunks(), { collectGarbage: false });
    expect(collectGarbage).toHaveBeenCalledTimes(1);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });
});
