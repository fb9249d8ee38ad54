// Worker thread of mergeRunsOffThread: receives the scanners' logs in batches, merges them, sends the log back in batches.
import { parentPort } from 'node:worker_threads';
import type { Result } from 'sarif';
import type { SourceMergeInput } from './merge-thread.js';
import { RuleReferenceError } from '../model/sarif-rules.js';
import { OssastError, PipelineError } from '../util/errors.js';
import { sourceFileReader } from '../util/source-file.js';
import { mergeRunsInPlace } from './merge.js';
import { takeBatches, toWorkerSchema, type FromWorker } from './merge-thread-protocol.js';

const port = parentPort;
if (!port) throw new PipelineError('src/merge/merge-thread-worker.ts runs as a worker thread of mergeRunsOffThread, not on its own');
const post = (m: FromWorker) => port.postMessage(m);

let input: SourceMergeInput | undefined;
/** The source runs' result arrays, in input order (the batches fill them). */
let sinks: Result[][] = [];

function merge(): void {
  if (!input) throw new PipelineError('the merge worker was asked to merge before it had its input');
  const merged = mergeRunsInPlace({ ...input, readSource: sourceFileReader(input.sourceRoot) });
  input = undefined;
  sinks = [];
  const results = merged.runs.map((run) => run.results ?? []);
  post({ kind: 'log', log: { ...merged, runs: merged.runs.map((run) => ({ ...run, results: [] })) } });
  results.forEach((list, run) => {
    for (const json of takeBatches(list)) post({ kind: 'results', run, json });
  });
  post({ kind: 'done' });
}

port.on('message', (message: unknown) => {
  try {
    const m = toWorkerSchema.parse(message);
    if (m.kind === 'input') {
      // The message is the structured clone of what the main thread sent: ScannerRun values, results left out.
      input = m.input as unknown as SourceMergeInput;
      sinks = input.runs.flatMap((r) => r.sarif?.runs.map((s) => s.results ?? []) ?? []);
    } else if (m.kind === 'results') {
      const sink = sinks[m.run];
      if (!sink) throw new PipelineError(`the merge worker got results for run ${m.run}, which its input does not have`);
      for (const r of JSON.parse(m.json) as Result[]) sink.push(r);
    } else merge();
  } catch (err) {
    const hint = err instanceof OssastError ? err.hint : undefined;
    post({ kind: 'failed', reason: err instanceof RuleReferenceError ? 'rule-reference' : 'other', message: err instanceof Error ? err.message : String(err), ...(hint ? { hint } : {}) });
  }
});
