// Before any scanner runs: the files of every target counted, and scanners' ignore files inside the sources neutralised.
import { readdir, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceTarget } from '../extract/types.js';
import { targetFinder } from '../merge/locations.js';

/** Suffix given to a neutralised ignore file: kept as evidence, no longer read by any tool. */
export const NEUTRALISED_SUFFIX = '.ossast-neutralised';

export interface Inventory {
  /** Files under each target's folder, by target id. */
  filesByTarget: Map<string, number>;
  /** Ignore files found inside the sources, renamed (paths relative to the source root, "/"-separated, before renaming). */
  neutralised: string[];
}

/** Walks the source root once; renames every file named in `ignoreNames` so no tool reads it. */
export async function takeInventory(sourceRoot: string, targets: SourceTarget[], ignoreNames: ReadonlySet<string>): Promise<Inventory> {
  const filesByTarget = new Map<string, number>(targets.map((t) => [t.id, 0]));
  const neutralised: string[] = [];
  const find = targetFinder(sourceRoot, targets);
  const entries = await readdir(sourceRoot, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    const rel = relative(sourceRoot, abs).split(sep).join('/');
    if (ignoreNames.has(e.name)) {
      let to = `${abs}${NEUTRALISED_SUFFIX}`;
      for (let i = 2; existsSync(to); i++) to = `${abs}${NEUTRALISED_SUFFIX}-${i}`;
      await rename(abs, to);
      neutralised.push(rel);
    }
    const t = find(rel);
    if (t) filesByTarget.set(t.id, (filesByTarget.get(t.id) ?? 0) + 1);
  }
  return { filesByTarget, neutralised: neutralised.sort() };
}
