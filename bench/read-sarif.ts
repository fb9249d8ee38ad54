// Reading big SARIF logs: ossast's reader (streamed, validated) against the JSON floor on the same bytes, side by side
// and alternating, on logs of several shapes (1,000,000 plain results; long messages; many rules; code flows).
// Each measurement is its own process (wall time and peak RSS from GNU time).
// Usage: node dist/bench/read-sarif.js [rounds=3] [shapes=plain,long-messages,many-rules,code-flows] [scale=1]
// Floors: "parse" = readFile + JSON.parse; "floor" = readFile + JSON.parse + JSON.stringify (what a JSON-in,
// JSON-out tool cannot go below).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/util/version.js';
import { measure, median, fmt, type Measured } from './measure.js';

import { SHAPES, generate, type Shape } from './sarif-shapes.js';

/** Child process: one reading of `file` by `how`. */
async function child(how: string, file: string): Promise<void> {
  if (how === 'parse' || how === 'floor') {
    const log = JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] };
    if (how === 'floor') process.stdout.write(String(JSON.stringify(log).length));
    return;
  }
  const { readSarifFile } = await import('../src/merge/read-sarif.js');
  const log = await readSarifFile(file, file, { streamFromBytes: 0 });
  process.stdout.write(String(log.runs[0]?.results.length));
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else {
  const rounds = Number(process.argv[2] ?? 3);
  const shapes = (process.argv[3] ?? Object.keys(SHAPES).join(',')).split(',') as Shape[];
  const scale = Number(process.argv[4] ?? 1);
  const dir = join(packageRoot(), 'bench', 'out', 'read-sarif');
  await mkdir(dir, { recursive: true });
  console.log(`reading SARIF logs: ${rounds} alternating rounds; medians; peak = max RSS of the process`);
  console.log('shape           results     MB   parse s  floor s  ossast s  ossast/parse  ossast/floor  parse MB  floor MB  ossast MB');
  for (const shape of shapes) {
    const file = join(dir, `${shape}-${scale}.sarif`);
    if (!existsSync(file)) await generate(shape, file, scale);
    const runs: Record<string, Measured[]> = { parse: [], floor: [], ossast: [] };
    const order = ['parse', 'floor', 'ossast'];
    for (let r = 0; r < rounds; r++) {
      for (const how of [...order.slice(r % 3), ...order.slice(0, r % 3)]) {
        const m = await measure(process.execPath, ['--max-old-space-size=8192', self, '--child', how, file]);
        if (m.exitCode !== 0) throw new Error(`${how} on ${file} exited ${m.exitCode}`);
        runs[how]!.push(m);
      }
    }
    const med = (how: string, pick: (m: Measured) => number) => median(runs[how]!.map(pick));
    const ratio = (a: string, b: string) => median(runs[a]!.map((m, i) => m.seconds / runs[b]![i]!.seconds));
    console.log(
      `${shape.padEnd(14)} ${String(Math.round(SHAPES[shape].results * scale)).padStart(8)} ${(statSync(file).size / 1e6).toFixed(0).padStart(6)}  ${fmt(med('parse', (m) => m.seconds)).padStart(8)} ${fmt(med('floor', (m) => m.seconds)).padStart(8)} ${fmt(med('ossast', (m) => m.seconds)).padStart(9)}  ${fmt(ratio('ossast', 'parse')).padStart(11)}x  ${fmt(ratio('ossast', 'floor')).padStart(11)}x  ${fmt(
        med('parse', (m) => m.maxRssMB ?? NaN),
        0,
      ).padStart(8)}  ${fmt(
        med('floor', (m) => m.maxRssMB ?? NaN),
        0,
      ).padStart(8)}  ${fmt(
        med('ossast', (m) => m.maxRssMB ?? NaN),
        0,
      ).padStart(9)}`,
    );
  }
}
