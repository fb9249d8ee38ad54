// The ossast side of the merge benchmark, as its own process: read each tool's SARIF (validated), merge it into its
// run, and stream the runs into one log. Tools' logs are independent (one run per tool), so one is held at a time.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { parseSarif } from '../src/merge/sarif-schema.js';
import { mergeRuns, SARIF_SCHEMA } from '../src/merge/merge.js';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) throw new Error('usage: merge-worker OUT IN...');
const now = new Date().toISOString();
const sink = createWriteStream(out);
const write = async (s: string) => {
  if (!sink.write(s)) await once(sink, 'drain');
};
await write(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`);
for (const [i, file] of inputs.entries()) {
  const sarif = parseSarif(await readFile(file, 'utf8'), file);
  const [run] = mergeRuns({
    runs: [{ scanner: basename(file, '.sarif'), sarif, invocation: { commandLine: 'bench', exitCode: 0, startTimeUtc: now, endTimeUtc: now, executionSuccessful: true }, notifications: [], skipped: [], rules: [] }],
    sourceRoot: '/bench/src',
    targets: [],
    ossastVersion: 'bench',
  }).runs;
  await write((i ? ',' : '') + JSON.stringify(run));
}
await write(']}');
sink.end();
await once(sink, 'finish');
