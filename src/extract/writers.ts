// Writes whole ZIP entries in worker threads that share the archive's memory: inflating and writing 10,000s of small
// files is spread over the cores, without copying the archive and without a promise per file on the main thread.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { workerFile } from '../util/worker-file.js';
import { writerReplySchema, type WriteJob, type WriterMessage } from './write-protocol.js';

/** Entries per message: large enough that messaging costs nothing per file, small enough to keep the workers even. */
const BATCH_FILES = 128;
const BATCH_BYTES = 4 * 1024 * 1024;

/** An entry a worker could not write; `kind` says whose fault (corrupt: the archive's, write: the disk's). */
export class EntryWriteError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'write' | 'crash',
    readonly entry: string,
    readonly target: string,
    message: string,
  ) {
    super(message);
  }
}

/** Copies bytes into memory that worker threads can share (archives are read straight into it by loadArchive). */
function sharedCopy(bytes: Buffer): Buffer {
  if (bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength) return bytes;
  const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(shared);
  return shared;
}

export class EntryWriters {
  private workers: Worker[] | undefined;
  /** Every worker started, so close() also stops the ones left over after a crash. */
  private readonly started = new Set<Worker>();
  private archives = 0;
  private batches = 0;

  constructor(private readonly size = availableParallelism()) {}

  /** Writes every job; on a failure, waits for the batches already handed out, then rejects with EntryWriteError. */
  async writeAll(archive: Buffer, jobs: WriteJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const shared = sharedCopy(archive);
    const workers = this.start();
    const archiveId = ++this.archives;
    for (const w of workers) w.postMessage({ kind: 'archive', id: archiveId, bytes: shared.buffer as SharedArrayBuffer } satisfies WriterMessage);
    const batches: WriteJob[][] = [];
    let batch: WriteJob[] = [];
    let bytes = 0;
    for (const job of jobs) {
      batch.push(job);
      bytes += job.size;
      if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) batches.push(batch);

    let failure: EntryWriteError | undefined;
    await Promise.all(
      workers.map(async (worker) => {
        while (!failure && batches.length) {
          const jobs = batches.shift()!;
          const err = await this.send(worker, { kind: 'batch', id: ++this.batches, archive: archiveId, jobs });
          if (err) failure ??= err;
        }
      }),
    );
    if (failure) throw failure;
  }

  private send(worker: Worker, message: Extract<WriterMessage, { kind: 'batch' }>): Promise<EntryWriteError | undefined> {
    return new Promise((resolve) => {
      const done = (err: EntryWriteError | undefined) => {
        worker.off('message', onMessage).off('error', onError);
        resolve(err);
      };
      const onMessage = (m: unknown) => {
        const reply = writerReplySchema.parse(m);
        if (reply.id !== message.id) return;
        done(reply.kind === 'done' ? undefined : new EntryWriteError(reply.kind, reply.name, reply.target, reply.message));
      };
      const onError = (err: Error) => {
        this.workers = undefined; // the next archive gets fresh workers
        done(new EntryWriteError('crash', message.jobs[0]?.name ?? '', '', `the extraction worker crashed: ${err.message}`));
      };
      worker.on('message', onMessage).on('error', onError);
      worker.postMessage(message);
    });
  }

  private start(): Worker[] {
    this.workers ??= Array.from({ length: Math.max(1, this.size) }, () => {
      const w = new Worker(workerFile(import.meta.url, 'write-worker.js'));
      this.started.add(w);
      return w;
    });
    return this.workers;
  }

  async close(): Promise<void> {
    await Promise.all([...this.started].map((w) => w.terminate()));
    this.started.clear();
    this.workers = undefined;
  }
}

