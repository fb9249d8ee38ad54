// The floor under any JSON-in, JSON-out merge on this machine: only read, JSON.parse and JSON.stringify each file,
// in as many worker threads as `ossast merge` uses, and write one log. No validation, no merge work.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

if (isMainThread) {
  const [out, ...inputs] = process.argv.slice(2);
  if (!out || inputs.length === 0) throw new Error('usage: merge-floor OUT IN...');
  const parts: string[] = new Array<string>(inputs.length);
  let next = 0;
  const jobs = Math.min(availableParallelism(), inputs.length);
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < inputs.length) {
        const i = next++;
        const w = new Worker(new URL(import.meta.url), { workerData: { file: inputs[i], out: `${out}.part${i}` } });
        await new Promise((resolve, reject) => w.once('message', resolve).once('error', reject));
        parts[i] = readFileSync(`${out}.part${i}`, 'utf8');
        await w.terminate();
      }
    }),
  );
  writeFileSync(out, `{"version":"2.1.0","runs":[${parts.join(',')}]}`);
} else {
  const { file, out } = workerData as { file: string; out: string };
  const log = JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] };
  writeFileSync(out, JSON.stringify(log.runs[0]));
  parentPort!.postMessage('done');
}
