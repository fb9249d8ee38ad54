// Merges SARIF files from disk into one log, one run per tool: files are read and merged in worker threads in
// parallel; each run waits on disk for its turn in the log, whose order is fixed (the order tools first appear).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeReplySchema, type MergeReply, type MergeTask } from './worker-protocol.js';
import { SARIF_SCHEMA } from './merge.js';
import { ConfigError, PipelineError } from '../util/errors.js';
import { packageRoot } from '../util/version.js';

export interface MergeFilesOptions {
  files: string[];
  /** Folder the logs' file paths are made relative to (results outside it are dropped, with a notification). */
  sourceRoot: string;
  /** The merged log; written under a temporary name first, so a failed merge never leaves a log that looks complete. */
  output: string;
  /** Worker threads; default one per core, never more than there are files. */
  jobs?: number;
  ossastVersion: string;
}

export interface MergedRun {
  tool: string;
  results: number;
  files: string[];
}

type Done = Extract<MergeReply, { kind: 'done' }>;

export async function mergeFiles(opts: MergeFilesOptions): Promise<MergedRun[]> {
  const n = opts.files.length;
  const pool = new WorkerPool(Math.max(1, Math.min(opts.jobs ?? availableParallelism(), n)));
  const task = (id: number, files: string[], tool?: string): MergeTask => ({
    id,
    files,
    ...(tool === undefined ? {} : { tool }),
    sourceRoot: opts.sourceRoot,
    ossastVersion: opts.ossastVersion,
    partPrefix: `${opts.output}.part${id}`,
  });
  const parts: string[] = [];
  const writer = await LogWriter.open(opts.output);
  try {
    // Each file on its own first: the usual case is one tool per file, and then that is the whole job.
    const toolLists: Promise<string[]>[] = [];
    const singles = opts.files.map((file, i) => {
      let tools!: (t: string[]) => void;
      toolLists.push(new Promise<string[]>((resolve) => (tools = resolve)));
      return quiet(pool.run(task(i, [file]), tools).then((d) => (parts.push(...d.runs.map((r) => r.part)), d)));
    });
    // A failed file ends the merge: its tool list never comes, so race the lists against the failures.
    const lists = await Promise.race([Promise.all(toolLists), Promise.all(singles).then(() => Promise.all(toolLists))]);
    const filesOf = new Map<string, number[]>();
    lists.forEach((tools, i) => tools.forEach((t) => filesOf.set(t, [...(filesOf.get(t) ?? []), i])));
    // A tool found in several files is merged again from all of them, so that it is still one run.
    const combined = new Map<string, Promise<Done>>();
    for (const [tool, where] of filesOf) if (where.length > 1) combined.set(tool, quiet(pool.run(task(n + combined.size, where.map((i) => opts.files[i]!), tool)).then((d) => (parts.push(...d.runs.map((r) => r.part)), d))));

    const summary: MergedRun[] = [];
    for (const [tool, where] of filesOf) {
      const reply = where.length > 1 ? await combined.get(tool)! : await singles[where[0]!]!;
      const run = reply.runs.find((r) => r.tool === tool);
      if (!run) throw new PipelineError(`merging ${where.map((i) => opts.files[i]).join(', ')}: the run of ${tool} went missing`);
      await writer.run(await readFile(run.part));
      await rm(run.part);
      summary.push({ tool, results: run.results, files: where.map((i) => opts.files[i]!) });
    }
    await writer.finish();
    return summary;
  } catch (err) {
    await writer.abandon();
    throw err;
  } finally {
    await pool.close();
    await Promise.all(parts.map((p) => rm(p, { force: true })));
  }
}

/** Marks a promise's rejection as handled (it is still awaited, and thrown, later). */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Writes the log to `<output>.partial`, renamed to `<output>` only once complete. */
class LogWriter {
  private count = 0;
  private constructor(
    private readonly output: string,
    private readonly fh: FileHandle,
  ) {}

  static async open(output: string): Promise<LogWriter> {
    try {
      const w = new LogWriter(output, await open(`${output}.partial`, 'w'));
      await w.write(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`);
      return w;
    } catch (err) {
      throw new PipelineError(`cannot write ${output}: ${err instanceof Error ? err.message : String(err)}`, 'check that the folder exists and is writable');
    }
  }

  async run(json: Uint8Array): Promise<void> {
    if (this.count++) await this.write(',');
    await this.write(json);
  }

  async finish(): Promise<void> {
    await this.write(']}\n');
    await this.fh.close();
    await rename(`${this.output}.partial`, this.output);
  }

  async abandon(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(`${this.output}.partial`, { force: true });
  }

  private async write(data: string | Uint8Array): Promise<void> {
    try {
      if (typeof data === 'string') await this.fh.write(data);
      else await this.fh.write(data);
    } catch (err) {
      throw new PipelineError(`cannot write ${this.output}: ${err instanceof Error ? err.message : String(err)}`, 'check that the disk is not full');
    }
  }
}

/** The worker's compiled file: next to this one in dist/, or in dist/ when this runs from the TypeScript source. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? join(packageRoot(), 'dist', 'src', 'merge', 'worker.js') : join(here, '..', 'worker.js');
}

interface Job {
  task: MergeTask;
  onTools: (tools: string[]) => void;
  resolve: (d: Done) => void;
  reject: (e: Error) => void;
}

/** A fixed set of worker threads taking tasks from one queue; a crashed worker fails its task (never a silent pass). */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(workerFile());
      this.all.push(w);
      this.idle.push(w);
    }
  }

  run(task: MergeTask, onTools: (tools: string[]) => void = () => undefined): Promise<Done> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, onTools, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.idle.length && this.queue.length) this.start(this.idle.pop()!, this.queue.shift()!);
  }

  private start(worker: Worker, job: Job): void {
    const what = job.task.files.join(', ');
    const settle = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const reply = mergeReplySchema.parse(message);
      if (reply.kind === 'tools') return job.onTools(reply.tools);
      settle();
      this.idle.push(worker);
      if (reply.kind === 'done') job.resolve(reply);
      else if (reply.kind === 'invalid-input') job.reject(new ConfigError(reply.message, reply.hint));
      else job.reject(new PipelineError(`merging ${what} failed: ${reply.message}`));
      this.next();
    };
    const onError = (err: Error) => {
      settle();
      job.reject(new PipelineError(`the merge worker for ${what} crashed: ${err.message}`, 'a log this large may need more memory: try --jobs 1'));
    };
    const onExit = (code: number) => {
      settle();
      job.reject(new PipelineError(`the merge worker for ${what} stopped (exit ${code}) before it finished`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job.task);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
