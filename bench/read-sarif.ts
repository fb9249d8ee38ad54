// Reading big SARIF logs: ossast's reader (streamed, validated) against the JSON floor on the same bytes, side by side
// and alternating, on logs of several shapes (1,000,000 plain results; long messages; many rules; code flows).
// Each measurement is its own process (wall time and peak RSS from GNU time).
// Usage: node dist/bench/read-sarif.js [rounds=3] [shapes=plain,long-messages,many-rules,code-flows] [scale=1]
// Floors: "parse" = readFile + JSON.parse; "floor" = readFile + JSON.parse + JSON.stringify (what a JSON-in,
// JSON-out tool cannot go below).
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/util/version.js';
import { measure, median, fmt, type Measured } from './measure.js';

type Shape = 'plain' | 'long-messages' | 'many-rules' | 'code-flows';
const SHAPES: Record<Shape, { results: number; rules: number; result: (i: number) => unknown }> = {
  // About 480 bytes a result: 1,000,000 results make a log of about 480 MB.
  plain: { results: 1_000_000, rules: 40, result: (i) => plainResult(i) },
  // Messages of about 2 KB (a scanner that explains each finding at length).
  'long-messages': { results: 200_000, rules: 40, result: (i) => ({ ...plainResult(i), message: { text: `Tainted value ${i}: ${'the value flows from an untrusted request parameter through several helpers into a sink; '.repeat(22)}` } }) },
  // 20,000 rules with long help, 1,000,000 short results.
  'many-rules': {
    results: 1_000_000,
    rules: 20_000,
    result: (i) => ({
      ruleId: `r${i % 20_000}`,
      ruleIndex: i % 20_000,
      message: { text: `m${i % 1000}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `M${i % 50}/F${i % 3000}.js` }, region: { startLine: 1 + (i % 900) } } }],
    }),
  },
  // A code flow of 6 steps a result.
  'code-flows': {
    results: 250_000,
    rules: 40,
    result: (i) => ({
      ...plainResult(i),
      codeFlows: [
        {
          threadFlows: [
            {
              locations: Array.from({ length: 6 }, (_, k) => ({
                location: {
                  physicalLocation: { artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${(i + k) % 500}.cs` }, region: { startLine: 10 + k, startColumn: 3, endColumn: 40 } },
                  message: { text: `step ${k}: value assigned to v${k}` },
                },
              })),
            },
          ],
        },
      ],
    }),
  },
};

function plainResult(i: number): Record<string, unknown> {
  return {
    ruleId: `rule${i % 40}`,
    ruleIndex: i % 40,
    message: { text: `Value flows from request parameter p${i % 97} into a sensitive sink in Action${i % 500}.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i % 500}.cs`, uriBaseId: '%SRCROOT%' },
          region: { startLine: 10 + (i % 400), startColumn: 5, endLine: 10 + (i % 400), endColumn: 60, snippet: { text: `string sql${i} = "SELECT * FROM T WHERE C = '" + p${i % 97} + "'";` } },
        },
      },
    ],
    fingerprints: { 'matchBasedId/v1': 'requires login' },
    properties: {},
  };
}

const rule = (i: number, long: boolean) => ({
  id: long ? `r${i}` : `rule${i}`,
  shortDescription: { text: `Rule ${i}` },
  fullDescription: { text: `Finds weakness ${i}` },
  help: { text: long ? `How to fix weakness ${i}. ${'Validate the input, encode the output, use the safe API. '.repeat(8)}` : `Fix ${i}.` },
  defaultConfiguration: { level: (['error', 'warning', 'note'] as const)[i % 3] },
  properties: { tags: [`CWE-${79 + (i % 400)}`, 'security'] },
});

/** Writes the log result by result (never one string of it all). */
async function generate(shape: Shape, file: string, scale: number): Promise<void> {
  const s = SHAPES[shape];
  const out = createWriteStream(file);
  const write = (t: string) => (out.write(t) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const rules = Array.from({ length: s.rules }, (_, i) => rule(i, shape === 'many-rules'));
  await write(
    `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"Bench","version":"1.0.0","rules":${JSON.stringify(rules)}}},"invocations":[{"executionSuccessful":true}],"results":[`,
  );
  const n = Math.round(s.results * scale);
  for (let i = 0; i < n; i++) await write((i ? ',' : '') + JSON.stringify(s.result(i)));
  await write(']}]}\n');
  await new Promise<void>((r) => out.end(r));
}

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
