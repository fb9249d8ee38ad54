// Runs a command as its own process and measures wall time and peak memory (GNU time's maximum resident set size).
import { execa } from 'execa';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  maxRssMB: number | undefined;
  /** User + system CPU seconds of the command and the children it waited for (GNU time), when known. */
  cpuSeconds?: number;
  exitCode: number;
}

export async function measure(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const out = join(tmpdir(), `ossast-measure-${process.pid}-${Date.now()}.txt`);
  const timed = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const r = await execa(timed ? '/usr/bin/time' : file, timed ? ['-f', '%M %U %S', '-o', out, file, ...args] : args, { reject: false, stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let maxRssMB: number | undefined;
  let cpuSeconds: number | undefined;
  if (timed && existsSync(out)) {
    const [kb, user, sys] = (readFileSync(out, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    maxRssMB = Number.isFinite(kb) ? kb! / 1024 : undefined;
    cpuSeconds = Number.isFinite(user) && Number.isFinite(sys) ? user! + sys! : undefined;
    rmSync(out, { force: true });
  }
  if (r.exitCode !== 0) process.stderr.write(`${file} exited ${r.exitCode}: ${String(r.stderr).slice(-500)}\n`);
  return { seconds, maxRssMB, ...(cpuSeconds === undefined ? {} : { cpuSeconds }), exitCode: r.exitCode ?? -1 };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const fmt = (n: number | undefined, digits = 2) => (n === undefined ? 'n/a' : n.toFixed(digits));

/**
 * A distribution-free confidence interval for the median of `xs` (order statistics and the binomial distribution, no
 * assumption on the noise's shape): [x(k), x(n-k+1)] for the largest k whose interval still covers the median with at
 * least `level`. Undefined when there are too few values for that level (4 or fewer at 90%).
 */
export function medianInterval(xs: number[], level = 0.9): { low: number; high: number; level: number } | undefined {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  // below[j] = P(Binomial(n, 1/2) <= j)
  let term = 0.5 ** n;
  let cumulative = 0;
  let k = 0;
  for (let j = 0; j < n; j++) {
    cumulative += term;
    if (1 - 2 * cumulative < level) break;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
  }
  if (k === 0) return undefined;
  let tail = 0;
  let t = 0.5 ** n;
  for (let j = 0; j < k; j++) {
    tail += t;
    t = (t * (n - j)) / (j + 1);
  }
  return { low: sorted[k - 1]!, high: sorted[n - k]!, level: 1 - 2 * tail };
}
