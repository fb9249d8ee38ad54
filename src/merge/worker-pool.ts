// The worker threads of mergeFiles: a fixed number, reused from task to task, each task's reply validated.
import { Worker } from 'node:worker_threads';
import { mergeReplySchema, type MergeReply, type MergeTask } from './worker-protocol.js';
import { ConfigError, PipelineError } from '../util/errors.js';
import { workerFile } from '../util/worker-file.js';
import type { Logger } from '../util/log.js';

type Done = Extract<MergeReply, { kind: 'done' }>;

interface Job {
  task: MergeTask;
  onTools: (tools: string[]) => void;
  resolve: (d: Done) => void;
  reject: (e: Error) => void;
}

export interface WorkerPoolOptions {
  size: number;
  /** Heap limit of each worker in MB (a task that runs out of it is run again alone, without a limit). */
  heapMb: number;
  log?: Pick<Logger, 'warn'>;
  /** The worker's script; default src/merge/worker.ts (tests give a script of their own). */
  script?: string | URL;
}

/**
 * Runs tasks in `size` worker threads, started at once (loading their modules while the main thread gets ready) and
 * reused from task to task. Their heap is limited to what the largest file needs, so parallel workers do not each
 * grow a heap far larger than needed; a task that runs out of memory under that limit is run again in a worker of
 * its own without it. Any other crash fails the task (never a silent pass).
 *
 * Only this pool's own listeners are ever removed from a worker: `terminate()` waits on the worker's `exit` event
 * through a listener of Node's own, and a reply that arrives after close() began must not take that listener away
 * (it did once, and the merge then waited forever on a worker that had already stopped).
 */
export class WorkerPool {
  private running = 0;
  private closed = false;
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private readonly queue: Job[] = [];
  private readonly script: string | URL;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.script = opts.script ?? workerFile(import.meta.url, 'worker.js');
    for (let i = 0; i < opts.size; i++) this.idle.push(this.spawn(opts.heapMb));
  }

  run(task: MergeTask, onTools: (tools: string[]) => void = () => undefined): Promise<Done> {
    if (this.closed) return Promise.reject(new PipelineError(`merging ${task.files.join(', ')}: the merge was already stopped`));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, onTools, resolve, reject });
      this.next();
    });
  }

  private spawn(heapMb: number | undefined): Worker {
    const worker = new Worker(this.script, heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    this.live.add(worker);
    return worker;
  }

  private next(): void {
    while (!this.closed && this.running < this.opts.size && this.queue.length) {
      this.running++;
      const job = this.queue.shift()!;
      this.attempt(job, this.idle.pop() ?? this.spawn(this.opts.heapMb))
        .catch((err: unknown) => {
          if (!isOutOfMemory(err) || this.closed) throw err;
          this.opts.log?.warn(`merging ${job.task.files.join(', ')} needed more than ${this.opts.heapMb} MB of heap; merging it again without a limit`);
          return this.attempt(job, this.spawn(undefined), { alone: true });
        })
        .then(job.resolve, (err: unknown) => job.reject(err instanceof Error ? err : new Error(String(err))))
        .finally(() => {
          this.running--;
          this.next();
        });
    }
  }

  /** Runs one task on `worker`; a healthy worker goes back to the idle list (unless `alone`), a dead one is dropped. */
  private attempt(job: Job, worker: Worker, opts: { alone?: boolean } = {}): Promise<Done> {
    const what = job.task.files.join(', ');
    return new Promise<Done>((resolve, reject) => {
      const finish = (healthy: boolean, fn: () => void) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (healthy && !opts.alone && !this.closed) this.idle.push(worker);
        else this.stop(worker);
        fn();
      };
      const onMessage = (message: unknown) => {
        const parsed = mergeReplySchema.safeParse(message);
        if (!parsed.success) return finish(false, () => reject(new PipelineError(`the merge worker for ${what} sent a reply that is not one: ${parsed.error.issues[0]?.message ?? 'invalid'}`)));
        const reply = parsed.data;
        if (reply.kind === 'tools') return job.onTools(reply.tools);
        if (reply.kind === 'done') finish(true, () => resolve(reply));
        else if (reply.kind === 'invalid-input') finish(true, () => reject(new ConfigError(reply.message, reply.hint)));
        else finish(false, () => reject(new PipelineError(`merging ${what} failed: ${reply.message}`, reply.hint)));
      };
      const onError = (err: Error & { code?: string }) => finish(false, () => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? err : new PipelineError(`the merge worker for ${what} crashed: ${err.message}`)));
      const onExit = (code: number) => finish(false, () => reject(new PipelineError(`the merge worker for ${what} stopped (exit ${code}) before it finished`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(job.task);
    });
  }

  private stop(worker: Worker): Promise<unknown> {
    if (!this.live.delete(worker)) return Promise.resolve();
    return worker.terminate();
  }

  /** Stops every worker and waits until each has exited; tasks still queued are never started. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PipelineError(`merging ${job.task.files.join(', ')}: the merge was stopped first`));
    this.idle.length = 0;
    await Promise.all([...this.live].map((w) => this.stop(w)));
  }
}

function isOutOfMemory(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
