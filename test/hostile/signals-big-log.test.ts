// "A stop that stops" after the scanners: a command scanner writes a log of 250,000 results, and SIGTERM or SIGINT
// comes at generated points while ossast reads, merges, judges and reports it (each seconds of work on a log this
// size). ossast must end with 143/130 within 2 s, and leave nothing that looks complete.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeBigLog } from '../support/big-log.js';
import { filesUnder } from '../support/hostile.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { waitFor } from '../support/processes.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const LOG = join(base, 'big.sarif');
/** The promise: a signal stops ossast within 2 s. */
const WITHIN_MS = 2_000;
const REPORTS = ['results.sarif', 'manifest.json', 'exposure.json', 'report.html', 'junit.xml', 'summary.md'];

beforeAll(async () => {
  // Written once, copied by each run's scanner: some 90 MB, over a second of JSON.parse and seconds of merging.
  await writeBigLog(LOG, 250_000);
  expect(statSync(LOG).size).toBeGreaterThan(80_000_000);
}, 120_000);

/** A run whose scanner copies the big log to {out} and then says so (the file `done`). */
function prepare(root: string): string[] {
  writeTree(root, { 'input/App/Module0/Actions/ActionRun.cs': 'class A { }\n' });
  const tool = writeScript(root, 'tool.sh', `cp "${LOG}" "$2"\necho done > "${root}/done"`);
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: stub\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  return ['scan', 'input', '--config', 'ossast.yml', '--out', 'out', '--format', 'sarif,manifest,html,junit,markdown'];
}

interface Point {
  name: string;
  /** When the point is reached, after the scanner's `done`. */
  reached: (root: string) => boolean;
  delayMs: number;
}

const afterDone = (delayMs: number): Point => ({ name: `${delayMs} ms after the scanner finished`, reached: (root) => existsSync(join(root, 'done')), delayMs });
/** The reports are being written (their temporary folder exists): the log was merged and judged. */
const writing: Point = { name: 'while the reports are written', reached: (root) => existsSync(join(root, 'out')) && readdirSync(join(root, 'out')).some((n) => n.startsWith('.ossast-tmp-')), delayMs: 0 };

/** Generated points: reading the log (0, 500 ms), sending it to the merge and merging (1,500, 3,000 ms), reporting. */
const POINTS = [afterDone(0), afterDone(500), afterDone(1_500), afterDone(3_000), writing];

/** Both signals at each point; the reporting point (some 20-40 s of merging and judging before it) with SIGTERM only. */
const SIGNALS = [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const;

describe('a signal after the scanner wrote a big log', () => {
  let n = 0;
  for (const point of POINTS) {
    for (const [signal, code] of point === writing ? SIGNALS.slice(0, 1) : SIGNALS) {
      it(`${signal} ${point.name}: exit ${code} within 2 s, nothing that looks complete`, async () => {
        const root = join(base, `case-${n++}`);
        const child = execa(process.execPath, [BIN, ...prepare(root)], { cwd: root, reject: false, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
        await waitFor(() => point.reached(root), 100_000, 10);
        await new Promise((r) => setTimeout(r, point.delayMs));
        const sent = Date.now();
        child.kill(signal);
        const r = await child;
        const took = Date.now() - sent;
        console.log(`signal-to-exit ms: ${took} (${signal}, ${point.name})`);
        expect(r.exitCode, String(r.stderr)).toBe(code);
        expect(took, `stopped ${took} ms after ${signal}`).toBeLessThan(WITHIN_MS);
        expect(r.stderr).toContain(`stopped by ${signal}`);
        for (const f of REPORTS) expect(existsSync(join(root, 'out', f)), f).toBe(false);
        expect(filesUnder(join(root, 'out')).filter((f) => /\.unpack-|\.partial|\.ossast-tmp-/.test(f))).toEqual([]);
      }, 120_000);
    }
  }
});
