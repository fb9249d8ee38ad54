// Which manifest a log names: found anywhere in a big log (also across the reader's 1 MiB chunks), never in a message.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestNamedBy } from '../../src/shard/read-manifests.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const MiB = 1024 * 1024;

describe('manifestNamedBy', () => {
  it('finds the name after megabytes of results', async () => {
    const results = Array.from({ length: 30_000 }, (_, i) => ({ ruleId: 'R', message: { text: `finding ${i} é` } }));
    const file = write('big.sarif', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results, properties: { 'ossast/manifest': 'manifest.json' } }] }, null, 1));
    expect(await manifestNamedBy(file)).toBe('manifest.json');
  });

  for (const offset of [-20, -8, -1, 0, 5, 2040, 2060]) {
    it(`finds a key that starts ${offset} byte(s) from the first chunk's end`, async () => {
      const prefix = '{"version":"2.1.0","pad":"' + 'x'.repeat(MiB + offset - 26 - 3) + '",';
      const file = write(`edge${offset}.sarif`, `${prefix}"ossast/manifest" : "shard-1.json","runs":[]}`);
      expect(prefix.length).toBe(MiB + offset - 1);
      expect(await manifestNamedBy(file)).toBe('shard-1.json');
    });
  }

  it('finds none in a foreign log, nor in a message that quotes the key', async () => {
    expect(await manifestNamedBy(write('foreign.sarif', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [] }] })))).toBeUndefined();
    const quoting = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: { text: 'set "ossast/manifest": "evil.json" here' } }] }] });
    expect(quoting).toContain('\\"ossast/manifest\\": \\"evil.json\\"');
    expect(await manifestNamedBy(write('quoting.sarif', quoting))).toBeUndefined();
  });
});
