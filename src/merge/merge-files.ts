// Merges SARIF files from disk into one log, one run per tool: files are read and merged in worker threads in
// parallel; each run waits on disk for its turn in the log, whose order is fixed (the order tools first appear).
import { availableParallelism } from 'node:os';
import { lstat, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { openRegularFile, streamOpened } from '../util/read-file.js';
import { MAX_SARIF_BYTES } from './read-sarif.js';
import { basename, dirname, join } from 'node:path';
import type { MergeReply, MergeTask } from './worker-protocol.js';
import { WorkerPool } from './worker-pool.js';
import { SARIF_SCHEMA } from './merge.js';
import { InterruptedError, PipelineError, UsageError, throwIfInterrupted } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { StringDecoder } from 'node:string_decoder';
import { JsonTextMasker } from './secret-text.js';

export interface MergeFilesOptions {
  files: string[];
  /** Folder the logs' file paths are made relative to (results outside it are dropped, with a notification). */
  sourceRoot: string;
  /** The merged log; written under a temporary name first, so a failed merge never leaves a log that looks complete. */
  output: string;
  /** Worker threads; default one per core, never more than there are files. */
  jobs?: number;
  ossastVersion: string;
  /** Mask the secret values of secret rules' results (maskSecrets); default true. */
  redactSecrets?: boolean;
  /** Heap limit of each worker in MB; by default sized from the largest file (see heapLimitMb). */
  workerHeapMb?: number;
  log?: Pick<Logger, 'warn'>;
  /** Joining the shards of a plan: every run lists the joined targets and names the joined manifest (see join-log.ts). */
  join?: MergeTask['join'];
  /** Stops the merge when it fires (SIGINT/SIGTERM): workers terminated, partial output and part files removed. */
  signal?: AbortSignal;
}

export interface MergedRun {
  tool: string;
  results: number;
  files: string[];
  /** False when the run's invocations say its tool failed (the merged log keeps saying so). */
  executionSuccessful: boolean;
}

type Done = Extract<MergeReply, { kind: 'done' }>;

export async function mergeFiles(opts: MergeFilesOptions): Promise<MergedRun[]> {
  const n = opts.files.length;
  const sizes = await Promise.all(
    opts.files.map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const writer = await LogWriter.open(opts.output);
  await removeParts(opts.output, 'before').catch(async (err: unknown) => {
    await writer.abandon();
    throw err;
  });
  const pool = new WorkerPool({ size: Math.max(1, Math.min(opts.jobs ?? availableParallelism(), n)), heapMb: opts.workerHeapMb ?? heapLimitMb(Math.max(...sizes)), ...(opts.log ? { log: opts.log } : {}) });
  const task = (id: number, files: string[], tool?: string): MergeTask => ({
    id,
    files,
    ...(tool === undefined ? {} : { tool }),
    sourceRoot: opts.sourceRoot,
    ossastVersion: opts.ossastVersion,
    redactSecrets: opts.redactSecrets ?? true,
    partPrefix: `${opts.output}.part${id}`,
    ...(opts.join ? { join: opts.join } : {}),
  });
  // The work runs in workers, so the main thread is free to see a signal: every wait below gives way to it at once.
  const signal = opts.signal;
  const stopped = new Promise<never>((_, reject) => {
    const stop = () => reject(signal?.reason instanceof Error ? signal.reason : new InterruptedError('SIGTERM'));
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
  quiet(stopped);
  const until = <T>(p: Promise<T>): Promise<T> => (signal ? Promise.race([p, stopped]) : p);
  try {
    // Each file on its own first: the usual case is one tool per file, and then that is the whole job.
    const toolLists: Promise<string[]>[] = [];
    const singles = opts.files.map((file, i) => {
      let tools!: (t: string[]) => void;
      toolLists.push(new Promise<string[]>((resolve) => (tools = resolve)));
      return quiet(pool.run(task(i, [file]), tools));
    });
    // A failed file ends the merge: its tool list never comes, so race the lists against the failures.
    const lists = await until(Promise.race([Promise.all(toolLists), Promise.all(singles).then(() => Promise.all(toolLists))]));
    const filesOf = new Map<string, number[]>();
    lists.forEach((tools, i) => {
      for (const t of tools) filesOf.set(t, [...(filesOf.get(t) ?? []), i]);
    });
    // A tool found in several files is merged again from all of them, so that it is still one run.
    const combined = new Map<string, Promise<Done>>();
    for (const [tool, where] of filesOf)
      if (where.length > 1)
        combined.set(
          tool,
          quiet(
            pool.run(
              task(
                n + combined.size,
                where.map((i) => opts.files[i]!),
                tool,
              ),
            ),
          ),
        );

    // Every run's reply first: a secret one tool's result shows may sit in the code context of another tool's results,
    // merged in another worker, so each run is masked for the values the others found too, as it is written.
    const chosen: { tool: string; where: number[]; reply: Done }[] = [];
    for (const [tool, where] of filesOf) chosen.push({ tool, where, reply: await until(where.length > 1 ? combined.get(tool)! : singles[where[0]!]!) });
    const known = [...new Set(chosen.flatMap((c) => c.reply.secrets))];
    const summary: MergedRun[] = [];
    for (const { tool, where, reply } of chosen) {
      const run = reply.runs.find((r) => r.tool === tool);
      if (!run) throw new PipelineError(`merging ${where.map((i) => opts.files[i]).join(', ')}: the run of ${tool} went missing`);
      const foreign = known.filter((v) => !reply.secrets.includes(v));
      await until(writer.run(run.part, signal, foreign.length ? new JsonTextMasker(foreign) : undefined));
      await rm(run.part);
      summary.push({ tool, results: run.results, files: where.map((i) => opts.files[i]!), executionSuccessful: run.executionSuccessful });
    }
    await until(writer.finish());
    return summary;
  } catch (err) {
    await writer.abandon();
    throw err;
  } finally {
    await pool.close();
    // Part files of runs never written (the merge failed): a worker may have been stopped while writing one. What
    // cannot be removed is left: the merge's own error is the one to report.
    await removeParts(opts.output, 'after').catch(() => undefined);
  }
}

/**
 * Removes the part files beside `output` (`<output>.part<n>-<m>.json`): before a merge, what a stopped merge left
 * (a link or anything else planted at such a name is removed, never written through; workers create their parts
 * exclusively); after, the parts of runs never written. Before, something that is not a file or link is refused.
 */
async function removeParts(output: string, when: 'before' | 'after'): Promise<void> {
  const prefix = `${basename(output)}.part`;
  const left = (await readdir(dirname(output)).catch(() => [])).filter((f) => f.startsWith(prefix) && /^\d+-\d+\.json$/.test(f.slice(prefix.length)));
  await Promise.all(
    left.map(async (f) => {
      const path = join(dirname(output), f);
      const st = await lstat(path).catch(() => undefined);
      if (st?.isDirectory() && when === 'before') throw new UsageError(`refused to merge into ${output}: ${path} is a folder where the merge writes a part file; nothing was merged`, 'remove that folder, or choose another --output');
      if (st && !st.isDirectory()) await rm(path, { force: true });
    }),
  );
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
    // Never written through, nor replaced: a symlink (or a folder) at the output path.
    const st = await lstat(output).catch(() => undefined);
    if (st && !st.isFile())
      throw new UsageError(
        `refused to write ${output}: it is ${st.isSymbolicLink() ? 'a symlink' : 'not a regular file'}, which ossast neither writes through nor replaces; nothing was changed`,
        'choose an --output path that is a regular file or does not exist yet, or remove the link yourself',
      );
    try {
      const w = new LogWriter(output, await open(`${output}.partial`, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW));
      await w.write(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`);
      return w;
    } catch (err) {
      throw new PipelineError(`cannot write ${output}: ${err instanceof Error ? err.message : String(err)}`, 'check that the folder exists and is writable');
    }
  }

  /** Appends the run held in the file `part`, streamed (a run's JSON can be larger than one buffer). */
  async run(part: string, signal?: AbortSignal, masker?: JsonTextMasker): Promise<void> {
    if (this.count++) await this.write(',');
    const { handle } = await openRegularFile(part, { maxBytes: MAX_SARIF_BYTES });
    const text = masker && !masker.empty ? { masker, decoder: new StringDecoder('utf8') } : undefined;
    try {
      for await (const chunk of streamOpened(part, handle, MAX_SARIF_BYTES)) {
        throwIfInterrupted(signal);
        await this.write(text ? Buffer.from(text.masker.push(text.decoder.write(chunk as Buffer)), 'utf8') : (chunk as Buffer));
      }
      if (text) await this.write(Buffer.from(text.masker.push(text.decoder.end()) + text.masker.end(), 'utf8'));
    } finally {
      await handle.close();
    }
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
      await this.fh.write(typeof data === 'string' ? Buffer.from(data) : data);
    } catch (err) {
      throw new PipelineError(`cannot write ${this.output}: ${err instanceof Error ? err.message : String(err)}`, 'check that the disk is not full');
    }
  }
}

/** Heap limit for a worker merging a `bytes` SARIF file: parsed JSON takes several times its size; never below 256 MB. */
const heapLimitMb = (bytes: number) => Math.max(256, Math.ceil((16 * bytes) / 1024 ** 2));
