// A scanner's SARIF log read whole or streamed gives the same log, and the same refusals worded the same way; a
// signal stops the streamed reading.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readToolSarif } from '../../src/scan/read-tool-output.js';
import { parseSarif } from '../../src/model/sarif.js';
import { InterruptedError } from '../../src/util/errors.js';
import { writeBigLog } from '../support/big-log.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const fail = (m: string) => new Error(m);
/** Streamed from the first byte, and read whole. */
const both = [
  ['streamed', { streamFrom: 0 }],
  ['read whole', {}],
] as const;

describe('readToolSarif', () => {
  it('gives the log parseSarif gives, streamed or read whole', async () => {
    const file = join(dir, 'log.sarif');
    await writeBigLog(file, 3_000);
    const expected = JSON.stringify(parseSarif(readFileSync(file, 'utf8'), file));
    for (const [, opts] of both) expect(JSON.stringify(await readToolSarif(file, fail, opts))).toBe(expected);
  });

  for (const [how, opts] of both) {
    it(`${how}: refuses what is missing, too large, not JSON or not SARIF, as readToolOutput words it`, async () => {
      const missing = join(dir, 'missing.sarif');
      await expect(readToolSarif(missing, fail, opts)).rejects.toThrow(`exited but wrote no SARIF log at ${missing}`);
      const big = join(dir, 'big.sarif');
      writeFileSync(big, 'x'.repeat(2048));
      await expect(readToolSarif(big, fail, { ...opts, maxBytes: 1024 })).rejects.toThrow(`wrote a SARIF log of 2048 bytes (${big}), over the 1024 bytes ossast reads; it was not read`);
      const text = join(dir, 'text.sarif');
      writeFileSync(text, '{"version": "2.1.0", "runs": [');
      await expect(readToolSarif(text, fail, opts)).rejects.toThrow(new RegExp(`^wrote a SARIF log that is not valid \\(${text}\\): ${text} is not JSON: `));
      const notSarif = join(dir, 'not-sarif.sarif');
      writeFileSync(notSarif, '{"version": "2.1.0", "runs": [{"results": []}]}');
      await expect(readToolSarif(notSarif, fail, opts)).rejects.toThrow(`wrote a SARIF log that is not valid (${notSarif}): ${notSarif} is not a valid SARIF 2.1.0 log: runs.0.tool: `);
    });
  }

  it('refuses a FIFO without waiting on it', async () => {
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readToolSarif(fifo, fail)).rejects.toThrow(/^left a FIFO \(named pipe\) at .*out\.fifo, not a SARIF log; it was not read$/);
  });

  it('stops reading a big log once its signal fired', async () => {
    const file = join(dir, 'stopped.sarif');
    await writeBigLog(file, 20_000);
    const stop = new AbortController();
    const reason = new InterruptedError('SIGTERM');
    stop.abort(reason);
    await expect(readToolSarif(file, fail, { streamFrom: 0, signal: stop.signal })).rejects.toBe(reason);
  });
});
