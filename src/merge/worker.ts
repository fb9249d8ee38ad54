// Worker thread of mergeFiles: reads, validates and merges SARIF files, and writes each merged run to a part file.
import { parentPort } from 'node:worker_threads';
import { readFile, writeFile } from 'node:fs/promises';
import type { ScannerRun } from '../scan/types.js';
import { parseSarif } from './sarif-schema.js';
import { foreignRuns } from './foreign.js';
import { mergeRunsInPlace } from './merge.js';
import { maskSecrets } from './secrets.js';
import { mergeTaskSchema, type MergeReply, type MergeTask } from './worker-protocol.js';
import { OssastError, PipelineError } from '../util/errors.js';

const port = parentPort;
if (!port) throw new PipelineError('src/merge/worker.ts runs as a worker thread of mergeFiles, not on its own');
const post = (reply: MergeReply) => port.postMessage(reply);

async function handle(task: MergeTask): Promise<void> {
  const runs: ScannerRun[] = [];
  for (const file of task.files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      return post({ id: task.id, kind: 'invalid-input', message: `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, hint: 'pass SARIF files that exist and are readable' });
    }
    let log;
    try {
      log = parseSarif(text, file);
      text = ''; // the parsed log is all that is needed from here on
    } catch (err) {
      return post({ id: task.id, kind: 'invalid-input', message: err instanceof Error ? err.message : String(err), ...(err instanceof OssastError && err.hint ? { hint: err.hint } : {}) });
    }
    for (const run of foreignRuns(log)) if (task.tool === undefined || run.scanner === task.tool) runs.push(run);
  }
  const tools = [...new Set(runs.map((r) => r.scanner))];
  post({ id: task.id, kind: 'tools', tools });
  const unmasked = mergeRunsInPlace({ runs, sourceRoot: task.sourceRoot, targets: [], ossastVersion: task.ossastVersion, keepMaskedFingerprints: true });
  const merged = task.redactSecrets ? maskSecrets(unmasked) : unmasked;
  runs.length = 0;
  const out: Extract<MergeReply, { kind: 'done' }>['runs'] = [];
  for (const [i, run] of merged.runs.entries()) {
    const part = `${task.partPrefix}-${i}.json`;
    await writeFile(part, JSON.stringify(run));
    out.push({ tool: tools[i]!, part, results: run.results?.length ?? 0, executionSuccessful: (run.invocations ?? []).every((inv) => inv.executionSuccessful) });
  }
  post({ id: task.id, kind: 'done', runs: out });
}

port.on('message', (message: unknown) => {
  const task = mergeTaskSchema.parse(message);
  handle(task).catch((err: unknown) => post({ id: task.id, kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
