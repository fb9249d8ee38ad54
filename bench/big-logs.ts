// `ossast merge` and `ossast gate --output` on big SARIF logs of several shapes, against the JSON floor on the same
// file (read + JSON.parse + JSON.stringify + write, bench/merge-floor.ts), side by side and alternating, each its own
// process: wall time, CPU (user + system, GNU time) and peak RSS; the ratios to the floor are taken round by round.
// Goals (issue 26): within 2x of the floor, under 2 GB, at 1,000,000 results of every shape.
// `scan` (opt-in): `ossast scan` of a one-file folder with a command scanner that copies the log as its output, so
// that the log goes the scan's way (streamed read, merge in a worker thread, suppression, the default reports).
// Usage: node dist/bench/big-logs.js [rounds=1] [shapes=plain,long-messages,many-rules,code-flows] [scale=1] [commands=merge,gate]
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { fmt, measure, median, type Measured } from './measure.js';
import { SHAPES, generate, type Shape } from './sarif-shapes.js';

const rounds = Number(process.argv[2] ?? 1);
const shapes = (process.argv[3] ?? Object.keys(SHAPES).join(',')).split(',') as Shape[];
const scale = Number(process.argv[4] ?? 1);
const chosen = (process.argv[5] ?? 'merge,gate').split(',');
const root = packageRoot();
const dir = join(root, 'bench', 'out', 'read-sarif');
const out = join(root, 'bench', 'out', 'big-logs');
await mkdir(dir, { recursive: true });
await mkdir(out, { recursive: true });
const bin = join(root, 'bin', 'ossast.js');

/** The scan's folder (one file), its config (a command scanner copying `file` to its output) and its --out. */
function scanArgs(file: string): string[] {
  const base = join(out, 'scan');
  mkdirSync(join(base, 'input', 'App', 'Module0'), { recursive: true });
  writeFileSync(join(base, 'input', 'App', 'Module0', 'Action.cs'), 'class A { }\n');
  writeFileSync(join(base, 'copy.sh'), `#!/bin/sh\ncp "${file}" "$2"\n`, { mode: 0o755 });
  writeFileSync(join(base, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: copy\n    command: [${JSON.stringify(join(base, 'copy.sh'))}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  return [bin, 'scan', join(base, 'input'), '--config', join(base, 'ossast.yml'), '--out', join(base, 'out'), '--quiet'];
}

const commands = (file: string): Record<string, { args: string[]; ok: number[] }> => {
  const all: Record<string, { args: string[]; ok: number[] }> = {
    floor: { args: [join(root, 'dist', 'bench', 'merge-floor.js'), join(out, 'floor.sarif'), file], ok: [0] },
    merge: { args: [bin, 'merge', file, '--output', join(out, 'merged.sarif'), '--source-root', out, '--quiet'], ok: [0] },
    // Exit 1: findings at or above the fail level (every generated log has some); the output is written either way.
    gate: { args: [bin, 'gate', file, '--output', join(out, 'gated.sarif'), '--quiet'], ok: [0, 1] },
    scan: { args: scanArgs(file), ok: [0, 1] },
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => name === 'floor' || chosen.includes(name)));
};

console.log(`big SARIF logs: ${rounds} alternating round(s); medians; ratios to the floor taken round by round`);
console.log('shape           results     MB  what    wall s   CPU s  peak MB  wall/floor  CPU/floor');
for (const shape of shapes) {
  const file = join(dir, `${shape}-${scale}.sarif`);
  if (!existsSync(file)) await generate(shape, file, scale);
  const cmds = commands(file);
  const names = Object.keys(cmds);
  const runs: Record<string, Measured[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
      const m = await measure(process.execPath, cmds[name]!.args);
      if (!cmds[name]!.ok.includes(m.exitCode)) throw new Error(`${name} on ${file} exited ${m.exitCode}`);
      runs[name]!.push(m);
    }
  }
  for (const f of ['floor.sarif', 'merged.sarif', 'gated.sarif', 'scan']) rmSync(join(out, f), { force: true, recursive: true });
  const med = (name: string, pick: (m: Measured) => number) => median(runs[name]!.map(pick));
  const ratio = (name: string, pick: (m: Measured) => number) => median(runs[name]!.map((m, i) => pick(m) / pick(runs['floor']![i]!)));
  for (const name of names) {
    const cpu = (m: Measured) => m.cpuSeconds ?? NaN;
    console.log(
      `${shape.padEnd(14)} ${String(Math.round(SHAPES[shape].results * scale)).padStart(8)} ${(statSync(file).size / 1e6).toFixed(0).padStart(6)}  ${name.padEnd(6)} ${fmt(med(name, (m) => m.seconds)).padStart(7)} ${fmt(med(name, cpu)).padStart(7)} ${fmt(
        med(name, (m) => m.maxRssMB ?? NaN),
        0,
      ).padStart(8)}  ${name === 'floor' ? '' : `${fmt(ratio(name, (m) => m.seconds)).padStart(9)}x ${fmt(ratio(name, cpu)).padStart(9)}x`}`,
    );
  }
}
