// Worker thread of mergeRunsOffThread: receives the scanners' logs in batches, merges them, writes the merged log to
// a file the main thread reads once this thread has ended (so the two copies of a big log are never alive together).
import { parentPort } from 'node:worker_threads';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Log, Result } from 'sarif';
import type { SourceMergeInput } from './merge-thread.js';
import { RuleReferenceError } from '../model/sarif-rules.js';
import { OssastError, PipelineError } from '../util/errors.js';
import { compactJsonChunks } from '../util/json-chunks.js';
import { sourceFileReader } from '../util/source-file.js';
import { mergeRunsInPlace } from './merge.js';
import { toWorkerSchema, type FromWorker } from './merge-thread-protocol.js';

const port = parentPort;
if (!port) throw new PipelineError('src/merge/merge-thread-worker.ts runs as a worker thread of mergeRunsOffThread, not on its own');
const post = (m: FromWorker) => port.postMessage(m);

let input: SourceMergeInput | undefined;
/** The source runs' result arrays, in input order (the batches fill them). */
let sinks: Result[][] = [];

async function merge(file: string): Promise<void> {
  if (!input) throw new PipelineError('the merge worker was asked to merge before it had its input');
  const merged = mergeRunsInPlace({ ...input, readSource: sourceFileReader(input.sourceRoot) });
  input = undefined;
  sinks = [];
  // Created (flag wx): never written through a link or over a file that is already there.
  await pipeline(Readable.from(logChunks(merged)), createWriteStream(file, { flags: 'wx' }));
  post({ kind: 'written', results: merged.runs.map((run) => run.results?.length ?? null) });
}

/** Compact JSON of the log, as JSON.stringify writes it, in chunks (its text may be longer than a string can hold). */
function* logChunks(log: Log): Generator<string> {
  const [head, tail] = [...compactJsonChunks({ ...log, runs: [] }, 'runs')];
  yield head!;
  for (const [i, run] of log.runs.entries()) {
    if (i) yield ',';
    yield* compactJsonChunks(run, 'results', 1_000);
  }
  yield tail!;
}

const failed = (err: unknown) => {
  const hint = err instanceof OssastError ? err.hint : undefined;
  post({ kind: 'failed', reason: err instanceof RuleReferenceError ? 'rule-reference' : 'other', message: err instanceof Error ? err.message : String(err), ...(hint ? { hint } : {}) });
};

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
    } else merge(m.file).catch(failed);
  } catch (err) {
    failed(err);
  }
});
