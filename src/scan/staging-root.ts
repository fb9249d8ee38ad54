// The folder one scanner process is pointed at: the source root itself, or a staging root holding exactly the files to scan.
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * A scanner given one root (`.`) costs far less than one given a folder per module, but it scans everything under
 * that root. When the source root holds exactly the files to scan, it is used as is; otherwise (files outside the
 * targets, or only some files left to scan) the files are hard-linked (copied when the file system refuses links)
 * into `stageDir` at the same relative paths, so the tool reports the same paths, applies path-based rules the same
 * way, and never sees another file.
 */
export async function scanRoot(opts: { sourceRoot: string; files: readonly string[]; whole: boolean; stageDir: string }): Promise<string> {
  await rm(opts.stageDir, { recursive: true, force: true });
  if (opts.whole) return opts.sourceRoot;
  const made = new Set<string>();
  for (const rel of opts.files) {
    const to = join(opts.stageDir, rel);
    const dir = dirname(to);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const from = join(opts.sourceRoot, rel);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
  mkdirSync(opts.stageDir, { recursive: true });
  return opts.stageDir;
}
