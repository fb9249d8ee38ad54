// Writes whole ZIP entries: a small package on the main thread (starting a worker thread costs more CPU than writing
// it), the rest in worker threads that share the archive's memory: inflating and writing 10,000s of small files is
// spread over the cores, without copying the archive and without a promise per file on the main thread.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { workerFile } from '../util/worker-file.js';
import { writerReplySchema, type WriteJob, type WriterMessage } from './write-protocol.js';
import { writeEntries } from './write-entries.js';

/** Entries per message: large enough that messaging costs nothing per file, small enough to keep the workers even. */
const BATCH_FILES = 128;
const BATCH_BYTES = 4 * 1024 * 1024;
/**
 * What one extraction writes on the main thread before it starts worker threads. Each worker loads its own copy of
 * the code and costs about as much CPU as inflating and writing a thousand small files; below these amounts (an
 * application of a few modules) the workers would cost more than they save.
 */
const INLINE_MAX_FILES = 2000;
const INLINE_MAX_BYTES = 16 * 1024 * 1024;

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
  /** Written on the main thread so far (files, bytes). */
  private inline = { files: 0, bytes: 0 };

  /** `inlineMax`: what may be written on the main thread before workers start (tests pass zero to use the workers). */
  constructor(
    private readonly size = availableParallelism(),
    private readonly inlineMax = { files: INLINE_MAX_FILES, bytes: INLINE_MAX_BYTES },
  ) {}

  /** Writes every job; on a failure, waits for the batches already handed out, then rejects with EntryWriteError. */
  async writeAll(archive: Buffer, jobs: WriteJob[]): Promise<void> {
    if (jobs.length === 0) return;
    if (this.writeInline(archive, jobs)) return;
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

  /** Writes the jobs on the main thread while this extraction is still small (true), else leaves them to the workers. */
  private writeInline(archive: Buffer, jobs: WriteJob[]): boolean {
    const files = this.inline.files + jobs.length;
    const bytes = this.inline.bytes + jobs.reduce((n, j) => n + j.size, 0);
    if (this.workers || files > this.inlineMax.files || bytes > this.inlineMax.bytes) return false;
    this.inline = { files, bytes };
    const failure = writeEntries(archive, jobs, new Set());
    if (failure) throw new EntryWriteError(failure.kind, failure.name, failure.target, failure.message);
    return true;
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
