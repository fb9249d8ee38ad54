// Writes a run's outputs: each streamed under a temporary name, then all renamed into place together; stale ones removed.
import { join } from 'node:path';
import type { ReportFile } from '../model/report-file.js';
import { contentChunks } from '../model/report-file.js';
import { PipelineError, UsageError } from '../util/errors.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { OutputRoot } from '../util/output-root.js';
import { removeTemporaries, TEMP_PREFIX, writeNewFile } from '../util/atomic-write.js';
import { isOutputName, OUTPUT_NAMES } from './output-names.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Removes the reports of an earlier run from the output folder (every name a run can write, and the chosen `names`),
 * through the output folder's guard: a run calls it first, so that a failure at any later point leaves no report that
 * could be read as this run's verdict.
 */
export async function clearReports(root: OutputRoot, names: Partial<Record<string, string>> = {}): Promise<void> {
  for (const name of new Set<string>([...OUTPUT_NAMES, ...Object.values(names).filter((n): n is string => n !== undefined && n !== '-' && isOutputName(n))])) {
    await root.rm(join(root.dir, name));
  }
}

/**
 * Writes every file except "-" (standard output, printed by the CLI) under `outDir`. All are written into one
 * temporary folder first; only when every one is complete are they renamed into place, and the outputs of an earlier
 * run are removed. A failure while writing, or `signal` aborting it, leaves no report of this run or an earlier one.
 */
export async function writeReports(files: ReportFile[], outDir: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const written = files.filter((f) => f.name !== '-');
  for (const f of written) {
    if (!isOutputName(f.name)) throw new PipelineError(`refused to write the report file "${f.name}": not a plain relative name`, 'a reporter produced an unexpected file name; report this as an ossast bug');
  }
  // The run's own output folder (already open), or opened here (checked, marked, locked) for a caller that did not.
  const root = await OutputRoot.open(outDir);
  try {
    removeTemporaries(outDir, { staleOnly: true });
    const stage = await root.mkdtemp(join(outDir, `${TEMP_PREFIX}${process.pid}-`)).catch((err: unknown) => {
      if (err instanceof UsageError || err instanceof PipelineError) throw err;
      throw new PipelineError(`cannot write in the output folder ${outDir}: ${message(err)}`, 'choose an --out folder you can write to');
    });
    try {
      const hint = 'check that the disk is not full and the output folder is writable; no report of this run or the previous one was left, so none can be read as its verdict';
      for (const f of written) {
        // Each file is rendered as it is written: the garbage of the one before goes first (see collectGarbage).
        collectGarbage();
        await writeNewFile(join(stage, f.name), contentChunks(f.content), join(outDir, f.name), hint, opts.signal);
      }
      opts.signal?.throwIfAborted();
      await commit(root, stage, outDir, [...new Set(written.map((f) => f.name.split('/')[0]!))]);
    } catch (err) {
      // Nothing of an earlier run stays beside a failed one.
      await clearReports(root).catch(() => undefined);
      throw err;
    } finally {
      await root.rm(stage);
    }
  } finally {
    await root.close();
  }
}

/**
 * Removes the previous run's outputs, then renames this run's into place. If a move fails, this run's outputs are
 * removed too (the caller removes the rest): the folder never holds a mix of two runs, nor a report of a failed one.
 */
async function commit(root: OutputRoot, stage: string, outDir: string, produced: string[]): Promise<void> {
  for (const name of new Set<string>([...OUTPUT_NAMES, ...produced])) await root.rm(join(outDir, name));
  const placed: string[] = [];
  try {
    for (const name of produced) {
      await root.rename(join(stage, name), join(outDir, name));
      placed.push(name);
    }
  } catch (err) {
    for (const name of placed) await root.rm(join(outDir, name)).catch(() => undefined);
    if (err instanceof UsageError) throw err;
    throw new PipelineError(`cannot move the outputs into ${outDir}: ${message(err)}`, 'check that the output folder is writable; no report of this run or the previous one was left, so none can be read as its verdict', err);
  }
}
