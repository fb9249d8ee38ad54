// Merge speed and memory: 5 SARIF files with 200,000 results in total, `ossast merge` vs `sarif-multitool merge`,
// same files, same run, each as its own process; plus the floor any JSON-in, JSON-out merge has on this machine.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { availableParallelism } from 'node:os';
import { measure, median, fmt, type Measured } from './measure.js';

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
  const results = Array.from({ length: n }, (_, i) => ({
    ruleId: `tool${k}.rule${i % 40}`,
    ruleIndex: i % 40,
    message: { text: `Value flows from request parameter p${i % 97} into a sensitive sink in Action${i % 500}.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i % 500}.cs`, uriBaseId: '%SRCROOT%' }, region: { startLine: 10 + (i % 400), startColumn: 5, endLine: 10 + (i % 400), endColumn: 60, snippet: { text: `string sql${i} = "SELECT * FROM T WHERE C = '" + p${i % 97} + "'";` } } } }],
    fingerprints: { 'matchBasedId/v1': 'requires login' },
    properties: {},
  }));
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [{ tool: { driver: { name: `Tool${k}`, version: '1.0.0', rules } }, invocations: [{ executionSuccessful: true }], results }] });
}

await mkdir(out, { recursive: true });
const inputs = Array.from({ length: FILES }, (_, k) => join(out, `tool${k}.sarif`));
for (const [k, file] of inputs.entries()) if (!existsSync(file)) await writeFile(file, toolLog(k, TOTAL / FILES));
console.log(`inputs: ${FILES} SARIF files, ${TOTAL} results in total (${out})`);

const cli = join(root, 'bin', 'ossast.js');
const cores = availableParallelism();
/** Median wall time of three runs (this machine's timings vary by 15% from run to run), with the largest peak RSS. */
async function median3(run: () => Promise<Measured>): Promise<Measured & { runs: number[] }> {
  const all: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    const m = await run();
    if (m.exitCode !== 0) throw new Error('ossast merge failed');
    all.push(m);
  }
  const runs = all.map((m) => m.seconds);
  return { seconds: median(runs), maxRssMB: Math.max(...all.map((m) => m.maxRssMB ?? 0)) || undefined, exitCode: 0, runs };
}
const ossast = (jobs?: number) => () => measure(process.execPath, [cli, 'merge', ...inputs, '--output', join(out, 'ossast-merged.sarif'), '--source-root', out, ...(jobs ? ['--jobs', String(jobs)] : [])]);
const parallel = await median3(ossast());
const single = await median3(ossast(1));
const floor = await median3(() => measure(process.execPath, [join(root, 'dist', 'bench', 'merge-floor.js'), join(out, 'floor.sarif'), ...inputs]));
await rm(join(out, 'multitool'), { recursive: true, force: true });
const m = await measure(multitool, ['merge', ...inputs, '--output-directory', join(out, 'multitool'), '--output-file', 'merged.sarif'], { env: { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
const row = (label: string, o: Measured & { runs?: number[] }) =>
  console.log(`${label.padEnd(44)} ${fmt(o.seconds).padStart(6)} s, peak RSS ${fmt(o.maxRssMB, 0).padStart(5)} MB${o.runs ? `  (median of ${o.runs.map((r) => fmt(r)).join(', ')})` : ''}`);
row(`ossast merge (${cores} worker thread(s), the default)`, parallel);
row('ossast merge --jobs 1', single);
row(`floor: read + JSON.parse + JSON.stringify only`, floor);
row(`sarif-multitool merge (exit ${m.exitCode})`, m);
const ratios = (label: string, o: Measured) =>
  console.log(`${label}: ${fmt(m.seconds / o.seconds, 1)}x faster (goal >= 10x), ${o.maxRssMB && m.maxRssMB ? fmt(o.maxRssMB / m.maxRssMB) : 'n/a'} of its peak memory (goal < 0.25)`);
ratios(`ossast merge, ${cores} thread(s)`, parallel);
ratios('ossast merge --jobs 1', single);
console.log(`floor: ${fmt(m.seconds / floor.seconds, 1)}x; a merge that validates, merges and fingerprints cannot beat this on this machine`);
