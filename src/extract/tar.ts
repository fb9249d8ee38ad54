// Extracts a .tar.gz (e.g. a mobile native build) with node-tar, after checking every entry with the guard.
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ReadEntry } from 'tar';
import { PipelineError } from '../util/errors.js';
import { Budget, RefusedEntry, linkStaysInside, refuse, safeEntryPath, type Chain } from './guard.js';
import { EntryNames, entryRel } from './collisions.js';

export interface TarOutcome {
  files: number;
  bytes: number;
  warnings: string[];
}

const corrupt = (chain: Chain, err: unknown) =>
  new PipelineError(`cannot read ${chain.join(' > ')}: not a valid .tar.gz (${err instanceof Error ? err.message : String(err)})`, 'the archive may be truncated or corrupt: get it again', err);

export async function extractTarGz(file: string, dir: string, budget: Budget, chain: Chain): Promise<TarOutcome> {
  // Loaded when a .tar.gz is met (mobile builds only): node-tar is most of what the extraction code weighs at start.
  const { list, extract } = await import('tar');
  const outcome: TarOutcome = { files: 0, bytes: 0, warnings: [] };
  const allowed = new Set<string>();
  const names = new EntryNames(chain);
  let refusal: unknown;
  let total = 0;
  // Pass 1: check every entry before writing anything.
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (e: ReadEntry) => {
        if (refusal) return;
        try {
          budget.entry(chain, e.path);
          const target = safeEntryPath(dir, e.path, chain);
          if (e.type === 'SymbolicLink' || e.type === 'Link') {
            const link = e.linkpath ?? '';
            const inside = e.type === 'Link' ? (() => { try { safeEntryPath(dir, link, chain); return true; } catch { return false; } })() : linkStaysInside(dir, target, link);
            if (!inside) refuse(chain, e.path, `is a ${e.type === 'Link' ? 'hard link' : 'symlink'} to "${link}", outside the target folder`, 'the archive is malformed or malicious; do not unpack it by hand');
            outcome.warnings.push(`${chain.join(' > ')}: link "${e.path}" -> "${link}" not created (links are never followed)`);
          } else if (e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile') {
            names.file(entryRel(dir, target), e.path);
            total += e.size;
            outcome.files++;
            budget.declared(chain, e.path, 0, 0);
            allowed.add(relative(dir, target));
          } else if (e.type === 'Directory') {
            names.dir(entryRel(dir, target), e.path);
            allowed.add(relative(dir, target));
          } else if (!/Header|Extended|Pax|NextFile/.test(e.type)) {
            refuse(chain, e.path, `is a ${e.type} entry, which an archive of source code never needs`, 'the archive is malformed or malicious');
          }
        } catch (err) {
          refusal = err;
        }
        e.resume();
      },
    });
  } catch (err) {
    throw corrupt(chain, err);
  }
  if (refusal) throw refusal;
  const size = (await stat(file)).size;
  if (total > 1024 * 1024 && total / Math.max(size, 1) > budget.limits.maxRatio) {
    refuse(chain, '(whole archive)', `expands ${Math.round(total / size)}x (limit ${budget.limits.maxRatio}x): looks like a gzip bomb`, 'if this archive is legitimate, raise extract.maxRatio in the config');
  }
  budget.wrote(chain, '(whole archive)', total);
  outcome.bytes = total;
  // Pass 2: write only what pass 1 allowed (files and folders; links are never created).
  try {
    await extract({
      file,
      cwd: dir,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      filter: (path) => allowed.has(relative(dir, safeEntryPath(dir, path, chain))),
    });
  } catch (err) {
    if (err instanceof RefusedEntry) throw err;
    throw corrupt(chain, err);
  }
  return outcome;
}
