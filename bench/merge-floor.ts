// The floor under any JSON-in, JSON-out merge on this machine: each file only read, JSON.parse'd and its run
// JSON.stringify'd, in as many worker threads as `ossast merge` uses, and the runs appended to one log in order as
// they come (as ossast does). No validation, no merge work, no CLI start-up.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

if (isMainThread) {
  const [out, ...inputs] = process.argv.slice(2);
  if (!out || inputs.length === 0) throw new Error('usage: merge-floor OUT IN...');
  writeFileSync(out, '{"version":"2.1.0","runs":[');
  const done: boolean[] = [];
  let next = 0;
  let written = 0;
  const flush = () => {
    for (; written < inputs.length && done[written]; written++) {
      appendFileSync(out, (written ? ',' : '') + readFileSync(`${out}.part${written}`, 'latin1'), 'latin1');
      rmSync(`${out}.part${written}`);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(availableParallelism(), inputs.length) }, async () => {
      while (next < inputs.length) {
        const i = next++;
        const w = new Worker(new URL(import.meta.url), { workerData: { file: inputs[i], out: `${out}.part${i}` } });
        await new Promise((resolve, reject) => w.once('message', resolve).once('error', reject));
        await w.terminate();
        done[i] = true;
        flush();
      }
    }),
  );
  appendFileSync(out, ']}\n');
} else {
  const { file, out } = workerData as { file: string; out: string };
  const log = JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] };
  writeFileSync(out, JSON.stringify(log.runs[0]));
  parentPort!.postMessage('done');
}
