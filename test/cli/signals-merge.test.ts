// A signal in the middle of `ossast merge` of a big log stops it within 2 s, and leaves no file that looks like a log:
// no output, no partial output, no part file of a run.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeBigLog } from '../support/big-log.js';
import { tempDir } from '../support/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const dir = tempDir();
const WITHIN_MS = 2_000;

describe('a signal during merge', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} mid-merge of a big log: exit within 2 s, no file left that looks complete`, async () => {
      const log = join(dir, 'big.sarif');
      if (!existsSync(log)) await writeBigLog(log, 250_000);
      expect(statSync(log).size).toBeGreaterThan(80_000_000);
      const out = join(dir, `out-${signal}`);
      const child = execa(process.execPath, [BIN, 'merge', log, '--output', join(out, 'merged.sarif'), '--source-root', dir], { reject: false, cwd: dir, env: { NO_COLOR: '1' } });
      await execa('mkdir', ['-p', out]);
      // Mid-merge: the worker is reading and merging the log (that takes several seconds here), the output is open.
      for (let i = 0; i < 100 && !existsSync(join(out, 'merged.sarif.partial')); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(join(out, 'merged.sarif.partial'))).toBe(true);
      await new Promise((r) => setTimeout(r, 1_000));
      const sent = Date.now();
      child.kill(signal);
      const result = await child;
      const took = Date.now() - sent;
      expect(result.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(took).toBeLessThan(WITHIN_MS);
      // Neither the log, nor its partial form, nor a run's part file.
      expect(readdirSync(out)).toEqual([]);
    }, 120_000);
  }
});
