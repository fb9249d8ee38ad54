// A signal in the middle of `ossast gate --output` of a big log stops it within 2 s, with exit 143/130, and leaves no
// file behind: neither the annotated log nor its temporary form.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeBigLog } from '../support/big-log.js';
import { tempDir } from '../support/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const dir = tempDir();
const WITHIN_MS = 2_000;
/** Results in the log: reading, fingerprinting, judging and writing it each take a second or more. */
const RESULTS = 150_000;

async function log(): Promise<string> {
  const file = join(dir, 'big.sarif');
  if (!existsSync(file)) await writeBigLog(file, RESULTS);
  expect(statSync(file).size).toBeGreaterThan(50_000_000);
  return file;
}

/** Runs `ossast gate --output`, sends `signal` once `ready` says so, and returns the exit code, the time to it and what is left. */
async function stopGate(signal: 'SIGTERM' | 'SIGINT', ready: (out: string) => boolean) {
  const file = await log();
  const out = join(dir, `out-${signal}`);
  mkdirSync(out, { recursive: true });
  const child = execa(process.execPath, [BIN, 'gate', file, '--output', join(out, 'judged.sarif')], { reject: false, cwd: dir, env: { NO_COLOR: '1' } });
  for (let i = 0; i < 1_200 && !ready(out) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
  expect(ready(out)).toBe(true);
  const sent = Date.now();
  child.kill(signal);
  const result = await child;
  return { exitCode: result.exitCode, took: Date.now() - sent, left: readdirSync(out), stderr: String(result.stderr) };
}

describe('a signal during gate', () => {
  it('SIGTERM while the annotated log is written: exit 143 within 2 s, no file left', async () => {
    // The temporary file exists: the log was judged and is being written.
    const { exitCode, took, left, stderr } = await stopGate('SIGTERM', (out) => readdirSync(out).some((n) => n.startsWith('.ossast-tmp-')));
    expect(exitCode).toBe(143);
    expect(took).toBeLessThan(WITHIN_MS);
    expect(left).toEqual([]);
    expect(stderr).toContain('stopped by SIGTERM');
  }, 120_000);

  it('SIGINT while the log is read and judged: exit 130 within 2 s, no file left', async () => {
    const started = Date.now();
    const { exitCode, took, left, stderr } = await stopGate('SIGINT', () => Date.now() - started > 1_500);
    expect(exitCode).toBe(130);
    expect(took).toBeLessThan(WITHIN_MS);
    expect(left).toEqual([]);
    expect(stderr).toContain('stopped by SIGINT');
  }, 120_000);
});
