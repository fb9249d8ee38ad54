// Merges big logs in a worker thread, so that the event loop stays free and a signal stops the merge at once.
import { Worker } from 'node:worker_threads';
import type { Log, Result } from 'sarif';
import { RuleReferenceError } from '../model/sarif-rules.js';
import { PipelineError } from '../util/errors.js';
import { checkpoint } from '../util/yield.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { sourceFileReader } from '../util/source-file.js';
import { workerFile } from '../util/worker-file.js';
import { mergeRunsInPlace, type MergeInput } from './merge.js';
import { fromWorkerSchema, takeBatches, type ToWorker } from './merge-thread-protocol.js';

/**
 * From this many results the merge runs in a worker thread. Fingerprints, snippets and elements cost up to ~50 µs a
 * result (a file read for each result in a different file), all in one synchronous pass: below this it is a fraction
 * of a second, beyond it seconds in which a signal would wait.
 */
export const OFF_THREAD_FROM = 5_000;

/** MergeInput whose snippets and elements are read from the files under sourceRoot (each thread opens its own). */
export type SourceMergeInput = Omit<MergeInput, 'readSource'>;

/**
 * mergeRunsInPlace with the sources read from `sourceRoot`, in a worker thread when the runs hold OFF_THREAD_FROM
 * results or more (`offThreadFrom` changes that, for tests), giving the same log. The runs' logs are handed over (their
 * results are emptied as they are sent). Aborting `signal` stops the worker and throws the signal's reason.
 */
export async function mergeRunsOffThread(input: SourceMergeInput, opts: { signal?: AbortSignal; offThreadFrom?: number } = {}): Promise<Log> {
  const count = input.runs.reduce((n, r) => n + (r.sarif?.runs.reduce((m, s) => m + (s.results?.length ?? 0), 0) ?? 0), 0);
  await checkpoint(opts.signal);
  if (count < (opts.offThreadFrom ?? OFF_THREAD_FROM)) return mergeRunsInPlace({ ...input, readSource: sourceFileReader(input.sourceRoot) });
  const worker = new Worker(workerFile(import.meta.url, 'merge-thread-worker.js'));
  try {
    return await inWorker(worker, input, opts.signal);
  } finally {
    // Stopped also when the merge was (a worker deep in a merge ends at once).
    void worker.terminate();
  }
}

async function inWorker(worker: Worker, input: SourceMergeInput, signal: AbortSignal | undefined): Promise<Log> {
  // Replies are queued as they come and taken one per turn of the event loop: Node delivers the messages waiting on a
  // port in one go, and parsing them all at once would hold the loop for seconds on a million results.
  const inbox: unknown[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const fail = (err: Error) => {
    failed ??= err;
    wake?.();
  };
  const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new PipelineError('the merge was stopped'));
  signal?.addEventListener('abort', onAbort, { once: true });
  worker.on('error', (err) => fail(new PipelineError(`the merge worker crashed: ${err.message}`)));
  // Once the worker has sent everything it is stopped, its heap (the merged log) freed while the batches are parsed.
  let sent = false;
  worker.on('exit', (code) => {
    if (!sent) fail(new PipelineError(`the merge worker stopped (exit ${code}) before it finished`));
  });
  worker.on('message', (message: unknown) => {
    inbox.push(message);
    if (fromWorkerSchema.safeParse(message).data?.kind === 'done') {
      sent = true;
      void worker.terminate();
    }
    wake?.();
  });
  try {
    await send(worker, input, signal, () => failed !== undefined);
    let merged: Log | undefined;
    for (;;) {
      if (failed) throw failed;
      const message = inbox.shift();
      if (message === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const parsed = fromWorkerSchema.safeParse(message);
      if (!parsed.success) throw new PipelineError(`the merge worker sent a reply that is not one: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const m = parsed.data;
      if (m.kind === 'failed') throw m.reason === 'rule-reference' ? new RuleReferenceError(m.message, m.hint) : new PipelineError(m.message, m.hint);
      if (m.kind === 'done') {
        if (!merged) throw new PipelineError('the merge worker ended without a log');
        return merged;
      }
      // The log is the structured clone of the one the worker merged: a SARIF log, results following in batches.
      if (m.kind === 'log') merged = m.log as unknown as Log;
      else {
        const sink = merged?.runs[m.run]?.results;
        if (!sink) throw new PipelineError(`the merge worker sent results for run ${m.run}, which its log does not have`);
        for (const r of JSON.parse(m.json) as Result[]) sink.push(r);
        await checkpoint(signal);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Sends the input, the results batch by batch (a turn of the event loop between batches), then asks for the merge. */
async function send(worker: Worker, input: SourceMergeInput, signal: AbortSignal | undefined, stopped: () => boolean): Promise<void> {
  const sources = input.runs.flatMap((r) => r.sarif?.runs ?? []);
  const results = sources.map((s) => s.results);
  const post = (m: ToWorker) => worker.postMessage(m);
  post({ kind: 'input', input: { ...input, runs: input.runs.map((r) => (r.sarif ? { ...r, sarif: { ...r.sarif, runs: r.sarif.runs.map((s) => (s.results ? { ...s, results: [] } : s)) } } : r)) } });
  for (const [run, list] of results.entries()) {
    if (!list) continue;
    // Handed over batch by batch: the worker holds them now.
    for (const json of takeBatches(list)) {
      post({ kind: 'results', run, json });
      await checkpoint(signal);
      if (stopped()) return;
    }
  }
  post({ kind: 'merge' });
  // What was sent is garbage now, but an idle thread does not collect it: it would stay beside the worker's heap.
  collectGarbage();
}
