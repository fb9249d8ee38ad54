// Writes a run's outputs: each streamed under a temporary name, then all renamed into place together; stale ones removed.
import { createWriteStream, readdirSync, rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import type { ReportContent, ReportFile } from './types.js';
import { contentChunks } from './content.js';
import { PipelineError } from '../util/errors.js';
import { collectGarbage } from '../util/collect-garbage.js';

/** Every temporary file or folder ossast writes next to its outputs starts with this, then the process id and a dash. */
export const TEMP_PREFIX = '.ossast-tmp-';

/** Every name a run can write in the output folder; those this run does not write are removed (they are a previous run's). */
export const OUTPUT_NAMES = ['results.sarif', 'github', 'manifest.json', 'summary.md', 'report.html', 'junit.xml', 'exposure.json', 'gl-sast-report.json', 'gl-code-quality-report.json'] as const;

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Writes every file except "-" (standard output, printed by the CLI) under `outDir`. All are written into one
 * temporary folder first; only when every one is complete are they renamed into place, and the outputs of an earlier
 * run that this run does not write are removed. A failure while writing, or `signal` aborting it, leaves the earlier
 * outputs as they were.
 */
export async function writeReports(files: ReportFile[], outDir: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const written = files.filter((f) => f.name !== '-');
  for (const f of written) {
    if (!NAME.test(f.name)) throw new PipelineError(`refused to write the report file "${f.name}": not a plain relative name`, 'a reporter produced an unexpected file name; report this as an ossast bug');
  }
  await mkdir(outDir, { recursive: true }).catch((err: unknown) => {
    throw new PipelineError(`cannot create the output folder ${outDir}: ${message(err)}`, 'choose an --out folder you can write to');
  });
  removeTemporaries(outDir, { staleOnly: true });
  const stage = await mkdtemp(join(outDir, `${TEMP_PREFIX}${process.pid}-`)).catch((err: unknown) => {
    throw new PipelineError(`cannot write in the output folder ${outDir}: ${message(err)}`, 'choose an --out folder you can write to');
  });
  try {
    const hint = 'check that the disk is not full and the output folder is writable; the outputs of the previous run were left as they were';
    for (const f of written) {
      // Each file is rendered as it is written: the garbage of the one before goes first (see collectGarbage).
      collectGarbage();
      await writeStream(join(stage, f.name), f.content, join(outDir, f.name), hint, opts.signal);
    }
    opts.signal?.throwIfAborted();
    await commit(stage, outDir, [...new Set(written.map((f) => f.name.split('/')[0]!))]);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Writes one file (`gate --output`): streamed to a temporary name in the same folder, renamed when complete. */
export async function writeOutputFile(path: string, content: ReportContent): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(path)}`);
  collectGarbage();
  try {
    await writeStream(temp, content, path, 'check that the folder is writable and the disk is not full; an earlier file at that path was left as it was');
    await rename(temp, path).catch((err: unknown) => {
      throw new PipelineError(`cannot write ${path}: ${message(err)}`, 'choose an --output path that is not a folder, in a folder you can write to');
    });
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Removes the temporary files and folders ossast left in `dir` (synchronous, so a signal handler can call it).
 * `pid`: only those of that process; `staleOnly`: only those of processes no longer running.
 */
export function removeTemporaries(dir: string, opts: { pid?: number; staleOnly?: boolean } = {}): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(name.slice(TEMP_PREFIX.length).split('-')[0]);
    if (opts.pid !== undefined && pid !== opts.pid) continue;
    if (opts.staleOnly && (pid === process.pid || running(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/** Streams content to a new file (never through an existing one), with backpressure; errors name the final path. */
async function writeStream(path: string, content: ReportContent, shown: string, hint: string, signal?: AbortSignal): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await pipeline(Readable.from(contentChunks(content)), createWriteStream(path, { flags: 'wx' }), signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw new PipelineError(`cannot write ${shown}: ${message(err)}`, hint, err);
  }
}

/**
 * Moves the previous run's outputs aside, moves this run's in, and removes the previous ones. If a move fails, this
 * run's outputs are removed and the previous ones put back: the folder never holds a mix of two runs.
 */
async function commit(stage: string, outDir: string, produced: string[]): Promise<void> {
  const old = await mkdtemp(join(outDir, `${TEMP_PREFIX}${process.pid}-old-`));
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    for (const name of new Set<string>([...OUTPUT_NAMES, ...produced])) {
      if (!(await lstat(join(outDir, name)).catch(() => undefined))) continue;
      await rename(join(outDir, name), join(old, name));
      moved.push(name);
    }
    for (const name of produced) {
      await rename(join(stage, name), join(outDir, name));
      placed.push(name);
    }
  } catch (err) {
    for (const name of placed) await rm(join(outDir, name), { recursive: true, force: true }).catch(() => undefined);
    for (const name of moved) await rename(join(old, name), join(outDir, name)).catch(() => undefined);
    throw new PipelineError(`cannot move the outputs into ${outDir}: ${message(err)}`, 'check that the output folder is writable; the outputs of the previous run were left in place', err);
  } finally {
    await rm(old, { recursive: true, force: true });
  }
}
