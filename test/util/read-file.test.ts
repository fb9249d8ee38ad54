// The one file reader: a regular file only, opened without blocking, never read past its bound (sync and async).
import { describe, expect, it } from 'vitest';
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { FileRefused, copyRegularFile, readRegularFile, readRegularFileSync } from '../../src/util/read-file.js';
import { sha256File } from '../../src/util/hash.js';

const dir = tempDir();
let n = 0;
const place = () => join(dir, `f${n++}`);

const cases: { name: string; make: (p: string) => void; why: FileRefused['why']; says: RegExp }[] = [
  { name: 'a FIFO with no writer', make: (p) => execFileSync('mkfifo', [p]), why: 'not-a-file', says: /is a FIFO \(named pipe\), not a regular file/ },
  { name: 'a link to /dev/zero', make: (p) => symlinkSync('/dev/zero', p), why: 'not-a-file', says: /is a character device/ },
  { name: 'a folder', make: (p) => mkdirSync(p), why: 'not-a-file', says: /is a folder/ },
  { name: 'a missing file', make: () => undefined, why: 'missing', says: /does not exist/ },
  {
    name: 'a sparse file over the bound',
    make: (p) => {
      const fd = openSync(p, 'w');
      ftruncateSync(fd, 1024 * 1024 + 1);
      closeSync(fd);
    },
    why: 'too-large',
    says: /over the 1 MiB limit/,
  },
];

describe('readRegularFile / readRegularFileSync', () => {
  for (const c of cases) {
    it(`refuse ${c.name}, naming it`, async () => {
      const p = place();
      c.make(p);
      const sync = (() => {
        try {
          readRegularFileSync(p, { maxBytes: 1024 * 1024 });
        } catch (err) {
          return err;
        }
      })() as FileRefused;
      const async = (await readRegularFile(p, { maxBytes: 1024 * 1024 }).catch((err: unknown) => err)) as FileRefused;
      for (const err of [sync, async]) {
        expect(err).toBeInstanceOf(FileRefused);
        expect(err.why).toBe(c.why);
        expect(err.message).toContain(p);
        expect(err.message).toMatch(c.says);
      }
    });
  }

  it('read no further than the bound from a file whose stated size is wrong (/proc)', async () => {
    // /proc/self/smaps states 0 bytes and gives tens of KB (a block per mapping).
    const err = (await readRegularFile('/proc/self/smaps', { maxBytes: 4096 }).catch((e: unknown) => e)) as FileRefused;
    expect(err.why).toBe('too-large');
    expect(err.message).toMatch(/over 4096 bytes \(reading stopped there\)/);
  });

  it('refuse a link when told not to follow links', async () => {
    const target = place();
    writeFileSync(target, 'x');
    const link = place();
    symlinkSync(target, link);
    await expect(readRegularFile(link, { maxBytes: 10, noFollow: true })).rejects.toThrow(/is a symbolic link, which is not followed/);
    expect((await readRegularFile(link, { maxBytes: 10 })).toString()).toBe('x');
  });

  it('read a regular file whole, hash and copy it', async () => {
    const p = place();
    writeFileSync(p, 'a'.repeat(3 * 1024 * 1024 + 5));
    expect((await readRegularFile(p, { maxBytes: 4 * 1024 * 1024 })).length).toBe(3 * 1024 * 1024 + 5);
    expect(await sha256File(p, { maxBytes: 4 * 1024 * 1024 })).toMatch(/^[0-9a-f]{64}$/);
    const to = place();
    await copyRegularFile(p, to, { maxBytes: 4 * 1024 * 1024 });
    expect(readRegularFileSync(to, { maxBytes: 4 * 1024 * 1024 }).length).toBe(3 * 1024 * 1024 + 5);
    await expect(sha256File(p, { maxBytes: 1024 })).rejects.toThrow(/over the 1 KiB limit|over the 1024 bytes limit|1024 bytes/);
  });
});
