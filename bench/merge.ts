// Merge speed and memory: 5 SARIF files with 200,000 results in total, ossast vs `sarif-multitool merge`, same files, same run.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { measure, fmt } from './measure.js';

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

const worker = join(root, 'dist', 'bench', 'merge-worker.js');
const o = await measure(process.execPath, [worker, join(out, 'ossast-merged.sarif'), ...inputs]);
if (o.exitCode !== 0) throw new Error('ossast merge failed');
await rm(join(out, 'multitool'), { recursive: true, force: true });
const m = await measure(multitool, ['merge', ...inputs, '--output-directory', join(out, 'multitool'), '--output-file', 'merged.sarif'], { env: { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
console.log(`ossast merge:          ${fmt(o.seconds)} s, peak RSS ${fmt(o.maxRssMB, 0)} MB`);
console.log(`sarif-multitool merge: ${fmt(m.seconds)} s, peak RSS ${fmt(m.maxRssMB, 0)} MB (exit ${m.exitCode})`);
console.log(`speed-up: ${fmt(m.seconds / o.seconds, 1)}x (goal: >= 10x)`);
if (o.maxRssMB && m.maxRssMB) console.log(`memory: ossast uses ${fmt(o.maxRssMB / m.maxRssMB)} of the multitool's peak (goal: < 0.25)`);
