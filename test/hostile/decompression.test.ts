// Decompression is bounded while it streams: bombs of several shapes (one huge entry, many entries, a .tar.gz inside a
// module ZIP, ZIPs nested in ZIPs, a total over extract.maxTotalMB at a ratio the config allows) are refused with
// exit 3 and a message naming the archive, the bound and what to do, and nothing is left extracted. Peak memory is
// measured by bench/decompression-memory.ts (not here: no timing or memory assertions in tests).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript } from '../support/tmp.js';
import { filesUnder } from '../support/hostile.js';
import { tarGzBombBuffer, writeTarGzBomb, zipBombBuffer } from '../../fixtures/bombs.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const MiB = 1024 ** 2;

interface Bomb {
  name: string;
  file: string;
  make(path: string): Promise<unknown>;
  /** Config lines under `extract:` (none: the defaults). */
  extract?: string;
  /** What the refusal says. */
  says: RegExp;
}

const bombs: Bomb[] = [
  {
    name: 'a .tar.gz with one entry of 256 MiB of zeros',
    file: 'one.tar.gz',
    make: (p) => writeTarGzBomb(p, [{ name: 'zeros.bin', size: 256 * MiB }]),
    says: /one\.tar\.gz: entry "\(whole archive\)" expands more than 200x .*stopped while decompressing.*gzip bomb/,
  },
  {
    name: 'a .tar.gz with 300 entries of 1 MiB',
    file: 'many.tar.gz',
    make: (p) =>
      writeTarGzBomb(
        p,
        Array.from({ length: 300 }, (_, i) => ({ name: `d/f${i}.bin`, size: MiB })),
      ),
    says: /many\.tar\.gz: entry "\(whole archive\)" expands more than 200x .*stopped while decompressing/,
  },
  {
    name: 'a .tar.gz with a 0-byte entry then a huge one',
    file: 'late.tar.gz',
    make: (p) =>
      writeTarGzBomb(p, [
        { name: 'a.txt', size: 0 },
        { name: 'b.bin', size: 200 * MiB },
      ]),
    says: /late\.tar\.gz: entry "\(whole archive\)" expands more than 200x .*stopped while decompressing/,
  },
  {
    name: 'a .tar.gz over extract.maxTotalMB at a ratio the config allows',
    file: 'total.tar.gz',
    make: (p) => writeTarGzBomb(p, [{ name: 'zeros.bin', size: 64 * MiB }]),
    extract: '  maxRatio: 1000000\n  maxTotalMB: 16\n',
    says: /total\.tar\.gz: entry "\(whole archive\)" goes over the limit of 16 MB extracted in total/,
  },
  {
    name: 'a module ZIP holding a .tar.gz bomb (tar in gzip in zip)',
    file: 'tar-in-zip.zip',
    make: async (p) => writeFileSync(p, await zipBombBuffer({ 'Mod.csproj': Buffer.from('<Project/>'), 'source.tar.gz': await tarGzBombBuffer([{ name: 'zeros.bin', size: 256 * MiB }]) })),
    says: /tar-in-zip\.zip > source\.tar\.gz: entry "\(whole archive\)" expands more than 200x .*stopped while decompressing/,
  },
  {
    name: 'an application ZIP > module ZIP > an entry of 256 MiB of zeros',
    file: 'nested.zip',
    make: async (p) => writeFileSync(p, await zipBombBuffer({ 'Mod.v1.zip': await zipBombBuffer({ 'zeros.bin': 256 * MiB }) })),
    says: /nested\.zip > Mod\.v1\.zip: entry "zeros\.bin" expands \d+x \(limit 200x\): looks like a ZIP bomb/,
  },
];

describe.concurrent('decompression bombs', () => {
  for (const [i, bomb] of bombs.entries()) {
    it(`${bomb.name}: refused while decompressing, exit 3, naming the archive`, async () => {
      const root = join(base, `case-${i}`);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(root, { recursive: true });
      const file = join(root, bomb.file);
      await bomb.make(file);
      const tool = writeScript(root, 'tool.sh', 'exit 9');
      writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: stub\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n${bomb.extract ? `extract:\n${bomb.extract}` : ''}`);
      const r = await execa(process.execPath, [BIN, 'scan', bomb.file, '--config', 'ossast.yml', '--out', 'out'], { cwd: root, reject: false, timeout: 120_000 });
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toMatch(bomb.says);
      expect(r.stderr).toMatch(/hint: if (this|the package) .*raise extract\.(maxRatio|maxTotalMB) in the config/);
      // Nothing of the bomb is left extracted.
      expect(filesUnder(join(root, 'out', 'src')).filter((f) => f.endsWith('.bin'))).toEqual([]);
    });
  }
});
