// Before any scanner runs: the files of every target listed, and scanners' ignore files inside the sources neutralised.
import { readdir, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceTarget } from '../model/targets.js';
import { targetFinder } from '../model/locations.js';

/** Suffix given to a neutralised ignore file: kept as evidence, no longer read by any tool. */
export const NEUTRALISED_SUFFIX = '.ossast-neutralised';

export interface Inventory {
  /** Files under each target's folder, by target id. */
  filesByTarget: Map<string, number>;
  /** Ignore files found inside the sources, renamed (paths relative to the source root, "/"-separated, before renaming). */
  neutralised: string[];
  /** Every regular file inside a target, relative to the source root, "/"-separated, sorted (after renaming). */
  files: string[];
  /** True when the source root holds nothing but the targets' files and folders (no stray file, link or device),
   *  so a scanner may be pointed at the whole root and scan exactly the targets. */
  onlyTargets: boolean;
}

const rel = (root: string, abs: string) => relative(root, abs).split(sep).join('/');

/** Walks the source root once; renames every file named in `ignoreNames` so no tool reads it. */
export async function takeInventory(sourceRoot: string, targets: SourceTarget[], ignoreNames: ReadonlySet<string>): Promise<Inventory> {
  const filesByTarget = new Map<string, number>(targets.map((t) => [t.id, 0]));
  const neutralised: string[] = [];
  const files: string[] = [];
  let onlyTargets = true;
  const find = targetFinder(sourceRoot, targets);
  const entries = await readdir(sourceRoot, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (e.isDirectory()) continue;
    let abs = join(e.parentPath, e.name);
    const path = rel(sourceRoot, abs);
    if (e.isFile() && ignoreNames.has(e.name)) {
      let to = `${abs}${NEUTRALISED_SUFFIX}`;
      for (let i = 2; existsSync(to); i++) to = `${abs}${NEUTRALISED_SUFFIX}-${i}`;
      await rename(abs, to);
      neutralised.push(path);
      abs = to;
    }
    const t = find(path);
    if (!e.isFile() || !t) {
      onlyTargets = false;
      continue;
    }
    files.push(rel(sourceRoot, abs));
    filesByTarget.set(t.id, (filesByTarget.get(t.id) ?? 0) + 1);
  }
  return { filesByTarget, neutralised: neutralised.sort(), files: files.sort(), onlyTargets };
}
