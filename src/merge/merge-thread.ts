// Merges big logs in a worker thread, so that the event loop stays free and a signal stops the merge at once.
import { Worker } from 'node:worker_threads';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { RuleReferenceError } from '../model/sarif-rules.js';
import { TEMP_PREFIX } from '../util/atomic-write.js';
import { PipelineError } from '../util/errors.js';
import { checkpoint } from '../util/yield.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { sourceFileReader } from '../util/source-file.js';
import { workerFile } from '../util/worker-file.js';
import { mergeRunsInPlace, type MergeInput } from './merge.js';
import { MAX_SARIF_BYTES, readSarifJson } from './read-sarif.js';
import { fromWorkerSchema, mergedLogSchema, takeBatches, type FromWorker, type ToWorker } from './merge-thread-protocol.js';

/**
 * From this many results the merge runs in a worker thread. Fingerprints, snippets and elements cost up to ~50 µs a
 * result (a file read for each result in a different file), all in one synchronous pass: below this it is a fraction
 * of a second, beyond it seconds in which a signal would wait.
 */
export const OFF_THREAD_FROM = 5_000;

/** MergeInput whose snippets and elements are read from the files under sourceRoot (each thread opens its own). */
export type SourceMergeInput = Omit<MergeInput, 'readSource'>;

export interface OffThreadOptions {
  /** The run's own scratch folder: the worker writes the merged log there, removed once read. */
  scratchDir: string;
  signal?: AbortSignal;
  /** For tests: the number of results from which the worker is used (OFF_THREAD_FROM). */
  offThreadFrom?: number;
}

/**
 * mergeRunsInPlace with the sources read from `sourceRoot`, in a worker thread when the runs hold OFF_THREAD_FROM
 * results or more, giving the same log. The runs' logs are handed over (their results are emptied as they are sent).
 * The worker writes the merged log to a file in `scratchDir` and ends; only then is the file read back, so the
 * worker's copy of a big log is gone before this thread builds its own (a million results are about 1.5 GB each).
 * Aborting `signal` stops the worker, removes the file and throws the signal's reason.
 */
export async function mergeRunsOffThread(input: SourceMergeInput, opts: OffThreadOptions): Promise<Log> {
  const count = input.runs.reduce((n, r) => n + (r.sarif?.runs.reduce((m, s) => m + (s.results?.length ?? 0), 0) ?? 0), 0);
  await checkpoint(opts.signal);
  if (count < (opts.offThreadFrom ?? OFF_THREAD_FROM)) return mergeRunsInPlace({ ...input, readSource: sourceFileReader(input.sourceRoot) });
  const file = join(opts.scratchDir, `${TEMP_PREFIX}${process.pid}-merged.sarif`);
  await rm(file, { force: true });
  const worker = new Worker(workerFile(import.meta.url, 'merge-thread-worker.js'));
  try {
    const written = await inWorker(worker, input, file, opts.signal);
    // Ended (and its heap freed) before the log is read back.
    await worker.terminate();
    collectGarbage();
    return await readMergedLog(file, written, opts.signal);
  } finally {
    // Stopped also when the merge was (a worker deep in a merge ends at once), before its file is removed.
    await worker.terminate();
    await rm(file, { force: true });
  }
}

export type Written = Extract<FromWorker, { kind: 'written' }>;

/** Sends the input to the worker and waits for its reply: the merged log written, or why not. */
async function inWorker(worker: Worker, input: SourceMergeInput, file: string, signal: AbortSignal | undefined): Promise<Written> {
  let failed: Error | undefined;
  let settle: { resolve: (w: Written) => void; reject: (err: Error) => void } | undefined;
  let reply: Written | undefined;
  const fail = (err: Error) => {
    failed ??= err;
    settle?.reject(failed);
  };
  const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new PipelineError('the merge was stopped'));
  signal?.addEventListener('abort', onAbort, { once: true });
  worker.on('error', (err) => fail(new PipelineError(`the merge worker crashed: ${err.message}`)));
  worker.on('exit', (code) => {
    if (!reply) fail(new PipelineError(`the merge worker stopped (exit ${code}) before it finished`));
  });
  worker.on('message', (message: unknown) => {
    const parsed = fromWorkerSchema.safeParse(message);
    if (!parsed.success) return fail(new PipelineError(`the merge worker sent a reply that is not one: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
    const m = parsed.data;
    if (m.kind === 'failed') return fail(m.reason === 'rule-reference' ? new RuleReferenceError(m.message, m.hint) : new PipelineError(m.message, m.hint));
    reply = m;
    settle?.resolve(m);
  });
  try {
    await send(worker, input, file, signal, () => failed !== undefined);
    return await new Promise<Written>((resolve, reject) => {
      if (failed) reject(failed);
      else if (reply) resolve(reply);
      else settle = { resolve, reject };
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Sends the input, the results batch by batch (a turn of the event loop between batches), then asks for the merge. */
async function send(worker: Worker, input: SourceMergeInput, file: string, signal: AbortSignal | undefined, stopped: () => boolean): Promise<void> {
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
  post({ kind: 'merge', file });
  // What was sent is garbage now, but an idle thread does not collect it: it would stay beside the worker's heap.
  collectGarbage();
}

/**
 * The merged log the worker wrote, read as it is streamed (a signal stops the reading), its values as written (key
 * order kept: the log must be the one the merge made). Its shape and each run's number of results must be the ones
 * the worker reported, or the merge fails: a file cut short or changed is never taken for the merged log.
 */
export async function readMergedLog(file: string, written: Written, signal?: AbortSignal): Promise<Log> {
  let json: unknown;
  try {
    // Never through a link, never a FIFO: the file must be the one the worker created.
    json = await readSarifJson(file, file, { maxBytes: MAX_SARIF_BYTES, noFollow: true, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new PipelineError(`the merged log the merge worker wrote (${file}) could not be read: ${err instanceof Error ? err.message : String(err)}`, 'run ossast again; if it happens again, report it');
  }
  const checked = mergedLogSchema.safeParse(json);
  const counts = checked.data?.runs.map((run) => run.results?.length ?? null);
  const objects = checked.data?.runs.every((run) => (run.results ?? []).every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)));
  if (!checked.success || !objects || counts?.length !== written.results.length || counts.some((n, i) => n !== written.results[i])) {
    throw new PipelineError(`the merged log the merge worker wrote (${file}) is not the one it reported (${written.results.join(', ')} results): it was not used`, 'run ossast again; if it happens again, report it');
  }
  return json as Log;
}
