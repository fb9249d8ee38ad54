// Worker thread of mergeFiles: reads, validates and merges SARIF files, and writes each merged run to a part file.
import { parentPort } from 'node:worker_threads';
import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { placedJsonChunks } from '../util/json-chunks.js';
import type { Log, Result } from 'sarif';
import type { ScannerRun } from '../scan/types.js';
import { readSarifFile } from './read-sarif.js';
import { foreignRuns } from './external-log.js';
import { RuleReferenceError } from '../model/sarif-rules.js';
import { encodeLogUris } from '../model/uri.js';
import { mergeRunsInPlace } from './merge.js';
import { maskSecretsFound } from './secrets.js';
import { logTargetsMismatch, withJoinedTargets, withoutShardTargets } from './shard-targets.js';
import { mergeTaskSchema, type MergeReply, type MergeTask } from './worker-protocol.js';
import { OssastError, PipelineError } from '../util/errors.js';

const port = parentPort;
if (!port) throw new PipelineError('src/merge/worker.ts runs as a worker thread of mergeFiles, not on its own');
const post = (reply: MergeReply) => port.postMessage(reply);
/** Up to this many results a run is serialised with one JSON.stringify; beyond, in chunks (its JSON could be longer
 *  than a string can hold), each result in the order it lies in memory (placedJsonChunks). */
const ONE_STRING_RESULTS = 10_000;

async function handle(task: MergeTask): Promise<void> {
  const runs: ScannerRun[] = [];
  for (const file of task.files) {
    let log;
    try {
      // A big file is parsed as it is read: no string of its whole text (a log of a million results is larger than one).
      log = await readSarifFile(file, file);
    } catch (err) {
      // A rule reference that resolves to nothing: the log is refused as a failed run (exit 3), not as a usage error.
      if (err instanceof RuleReferenceError) return post({ id: task.id, kind: 'failed', message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
      if (err instanceof OssastError) return post({ id: task.id, kind: 'invalid-input', message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
      return post({ id: task.id, kind: 'invalid-input', message: `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, hint: 'pass SARIF files that exist and are readable' });
    }
    const mismatch = task.join && logTargetsMismatch(log, file, task.join.targets);
    if (mismatch) return post({ id: task.id, kind: 'failed', message: mismatch });
    for (const run of foreignRuns(task.join ? withoutShardTargets(log) : log)) if (task.tool === undefined || run.scanner === task.tool) runs.push(run);
  }
  const tools = [...new Set(runs.map((r) => r.scanner))];
  post({ id: task.id, kind: 'tools', tools });
  const { log, found, places } = mergeInInputOrder(runs, task);
  const out: Extract<MergeReply, { kind: 'done' }>['runs'] = [];
  for (const [i, run] of log.runs.entries()) {
    const part = `${task.partPrefix}-${i}.json`;
    const place = places[i];
    // Created, never opened if something is there already (a link planted at the name would be written through):
    // mergeFiles removed what a stopped merge left before it started.
    if (place && place.length > ONE_STRING_RESULTS) await pipeline(Readable.from(placedJsonChunks(run, 'results', place)), createWriteStream(part, { flags: 'wx' }));
    else await writeFile(part, JSON.stringify(place ? { ...run, results: placed(run.results ?? [], place) } : run), { flag: 'wx' });
    out.push({ tool: tools[i]!, part, results: run.results?.length ?? 0, executionSuccessful: (run.invocations ?? []).every((inv) => inv.executionSuccessful) });
  }
  post({ id: task.id, kind: 'done', runs: out, secrets: found });
}

/**
 * The merged log, its secrets masked (the values found, for the other runs) and its uris encoded, each run's results
 * in the order the logs listed them (in which they lie in memory: every pass over them, and writing them, is then
 * sequential), with where each goes in the written run (position order, as mergeRunsInPlace sorts them). The runs
 * are taken: the caller must not use them again.
 */
function mergeInInputOrder(runs: ScannerRun[], task: MergeTask): { log: Log; found: string[]; places: (Int32Array | undefined)[] } {
  const inputIndex = new Map<Result, number>();
  for (const run of runs) for (const src of run.sarif?.runs ?? []) for (const r of src.results ?? []) inputIndex.set(r, inputIndex.size);
  const unmasked = mergeRunsInPlace({ runs, sourceRoot: task.sourceRoot, targets: [], ossastVersion: task.ossastVersion, keepMaskedFingerprints: true });
  runs.length = 0;
  const places = unmasked.runs.map((run) => {
    if (!run.results) return undefined;
    const { results, place } = inInputOrder(run.results, inputIndex);
    run.results = results;
    return place;
  });
  inputIndex.clear();
  const { log: masked, found } = task.redactSecrets ? maskSecretsFound(unmasked) : { log: unmasked, found: [] };
  const merged = task.join ? withJoinedTargets(masked, task.join) : masked;
  // Written as RFC 3986 URI references (src/model/uri.ts): a result is copied only when its path needs escapes.
  return { log: encodeLogUris(merged), found, places };
}

/** The results in the order `inputIndex` gives (those it lacks last), and where each was in `results`. */
function inInputOrder(results: Result[], inputIndex: Map<Result, number>): { results: Result[]; place: Int32Array } {
  const at = new Int32Array(inputIndex.size).fill(-1);
  const rest: number[] = [];
  for (let j = 0; j < results.length; j++) {
    const i = inputIndex.get(results[j]!);
    if (i === undefined || at[i] !== -1) rest.push(j);
    else at[i] = j;
  }
  const place = new Int32Array(results.length);
  const ordered = new Array<Result>(results.length);
  let k = 0;
  for (let i = 0; i < at.length; i++) {
    const j = at[i]!;
    if (j === -1) continue;
    place[k] = j;
    ordered[k++] = results[j]!;
  }
  for (const j of rest) {
    place[k] = j;
    ordered[k++] = results[j]!;
  }
  return { results: ordered, place };
}

/** The results back in the order `place` gives. */
function placed(results: Result[], place: Int32Array): Result[] {
  const out = new Array<Result>(results.length);
  for (let k = 0; k < results.length; k++) out[place[k]!] = results[k]!;
  return out;
}

port.on('message', (message: unknown) => {
  const task = mergeTaskSchema.parse(message);
  handle(task).catch((err: unknown) => post({ id: task.id, kind: 'failed', ...failure(err) }));
});

/** What the user is told of a failure in the worker: its message (no stack trace), and what to do when that is known. */
function failure(err: unknown): { message: string; hint?: string } {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  if (code === 'ENOSPC') return { message, hint: 'the disk is full: free space in the folder of --output (the merged runs are written there first)' };
  if (code === 'EACCES' || code === 'EPERM') return { message, hint: 'check that the folder of --output is writable' };
  return { message, hint: 'if it happens again with the same logs, report it with the command line' };
}
