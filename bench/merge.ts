// Merge speed and memory, side by side and alternating: 5 SARIF files with 200,000 results in total; (a) the floor
// (read, JSON.parse and JSON.stringify the same files with plain Node), (b) `ossast merge`, (c) `sarif-multitool merge`.
// Goals: ossast merge within 2x the floor's time, and under a quarter of the multitool's peak memory.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plainResult } from './sarif-shapes.js';
import { packageRoot } from '../src/util/version.js';
import { availableParallelism } from 'node:os';
import { measure, median, fmt, type Measured } from './measure.js';

const ROUNDS = Number(process.env['OSSAST_BENCH_ROUNDS'] ?? 5);

const FILES = 5;
const TOTAL = 200_000;
const root = packageRoot();
const out = join(root, 'bench', 'out', 'merge');
const multitool = join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

/** A realistic tool log: 40 rules with CWE tags, results with locations, snippets, messages and fingerprints. */
function toolLog(k: number, n: number): string {
  const rules = Array.from({ length: 40 }, (_, i) => ({
    id: `tool${k}.rule${i}`,
    shortDescription: { text: `Rule ${i} of tool ${k}` },
    fullDescription: { text: `Finds weakness ${i}` },
    help: { text: `Fix weakness ${i}.`, markdown: `Fix **weakness ${i}**.` },
    defaultConfiguration: { level: (['error', 'warning', 'note'] as const)[i % 3] },
    properties: { tags: [`CWE-${79 + i}: Some weakness`, 'security'], precision: 'high' },
  }));
  const results = Array.from({ length: n }, (_, i) => plainResult(i, `tool${k}.rule`));
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [{ tool: { driver: { name: `Tool${k}`, version: '1.0.0', rules } }, invocations: [{ executionSuccessful: true }], results }] });
}

await mkdir(out, { recursive: true });
const inputs = Array.from({ length: FILES }, (_, k) => join(out, `tool${k}.sarif`));
for (const [k, file] of inputs.entries()) if (!existsSync(file)) await writeFile(file, toolLog(k, TOTAL / FILES));
console.log(`inputs: ${FILES} SARIF files, ${TOTAL} results in total (${out}); ${ROUNDS} rounds, each runs the three in turn`);

const cli = join(root, 'bin', 'ossast.js');
const node = (args: string[]) => ({ file: process.execPath, args, shown: ['node', ...args].join(' ') });
const commands = {
  floor: node([join(root, 'dist', 'bench', 'merge-floor.js'), join(out, 'floor.sarif'), ...inputs]),
  ossast: node([cli, 'merge', ...inputs, '--output', join(out, 'ossast-merged.sarif'), '--source-root', out]),
  multitool: {
    file: multitool,
    args: ['merge', ...inputs, '--output-directory', join(out, 'multitool'), '--output-file', 'merged.sarif'],
    shown: `Sarif.Multitool merge ${inputs.join(' ')} --output-directory ${join(out, 'multitool')} --output-file merged.sarif`,
  },
};
type Name = keyof typeof commands;
const names = Object.keys(commands) as Name[];
const runs: Record<Name, Measured[]> = { floor: [], ossast: [], multitool: [] };
for (let round = 0; round < ROUNDS; round++) {
  // The order turns from round to round, so that no command always runs right after the same one.
  for (const name of [...names.slice(round % 3), ...names.slice(0, round % 3)]) {
    if (name === 'multitool') await rm(join(out, 'multitool'), { recursive: true, force: true });
    const c = commands[name];
    const m = await measure(c.file, c.args, name === 'multitool' ? { env: { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } } : {});
    if (m.exitCode !== 0) throw new Error(`${c.shown} exited ${m.exitCode}`);
    runs[name].push(m);
  }
}
const med = (name: Name, pick: (m: Measured) => number | undefined) => median(runs[name].map((m) => pick(m) ?? NaN));
for (const name of names) {
  console.log(
    `${name.padEnd(10)} wall ${fmt(med(name, (m) => m.seconds)).padStart(6)} s  cpu ${fmt(med(name, (m) => m.cpuSeconds)).padStart(6)} s  peak RSS ${fmt(
      med(name, (m) => m.maxRssMB),
      0,
    ).padStart(5)} MB  (medians of ${ROUNDS})\n           $ ${commands[name].shown}`,
  );
}
/** The median of the round-by-round ratios (each round's two runs were close in time). */
const ratio = (a: Name, b: Name, pick: (m: Measured) => number | undefined) => median(runs[a].map((m, i) => (pick(m) ?? NaN) / (pick(runs[b][i]!) ?? NaN)));
console.log(`ossast merge / floor, wall time: ${fmt(ratio('ossast', 'floor', (m) => m.seconds))}x (goal <= 2x); cpu time: ${fmt(ratio('ossast', 'floor', (m) => m.cpuSeconds))}x; ${availableParallelism()} core(s), ossast's default --jobs`);
console.log(`ossast merge / sarif-multitool merge, peak memory: ${fmt(ratio('ossast', 'multitool', (m) => m.maxRssMB))} (goal < 0.25); wall time: ${fmt(ratio('ossast', 'multitool', (m) => m.seconds))}`);
