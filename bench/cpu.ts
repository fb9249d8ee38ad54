// Runs a command as its own process and reads the CPU (user + system) of its whole process tree from GNU time.
import { execa } from 'execa';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CpuMeasured {
  wall: number;
  /** User + system seconds of the process and every child it waited for (GNU time's rusage of the reaped tree). */
  cpu: number;
  exitCode: number;
}

export async function measureCpu(file: string, args: string[], okExitCodes: readonly number[] = [0], cwd?: string, env?: NodeJS.ProcessEnv): Promise<CpuMeasured> {
  const out = join(tmpdir(), `ossast-cpu-${process.pid}-${Date.now()}.txt`);
  const r = await execa('/usr/bin/time', ['-f', '%e %U %S', '-o', out, file, ...args], { reject: false, stdio: ['ignore', 'ignore', 'pipe'], ...(cwd ? { cwd } : {}), ...(env ? { env } : {}) });
  const [wall, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(out, { force: true });
  const exitCode = r.exitCode ?? -1;
  if (!okExitCodes.includes(exitCode)) throw new Error(`${file} ${args.join(' ')} exited ${exitCode}: ${String(r.stderr).slice(-800)}`);
  return { wall: wall!, cpu: user! + sys!, exitCode };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
