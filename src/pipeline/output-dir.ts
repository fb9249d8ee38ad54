// Refuses an output folder whose clean-up would destroy what the user cares about: an input, the folder ossast runs
// in (or one above it), the home folder or "/". Checked before anything is removed or written.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, resolve, sep } from 'node:path';
import { UsageError } from '../util/errors.js';

/** The real path of `p` (symlinks resolved) even when it does not exist yet: its nearest existing ancestor's real path plus the rest. */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      if (dirname(at) === at) return abs;
      rest.push(basename(at));
    }
  }
}

/** True when `inner` is `outer` or lies below it. */
export function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export interface OutputDirCheck {
  /** The output folder, as given (for messages) and resolved. */
  out: string;
  /** Paths ossast scans: the output folder may be none of them, contain none, lie in none. */
  scanned: string[];
  /** Other files ossast reads (config, rules, suppressions, baseline): they may not lie in the folders ossast empties. */
  read: string[];
  /** Folders under the output folder that ossast empties before a run (e.g. src, work, downloads). */
  emptied: string[];
  cwd: string;
  home: string | undefined;
  /** The flag or config field that set the output folder, for messages. */
  field: string;
}

export function checkOutputDir(c: OutputDirCheck): void {
  const real = (p: string) => realPathOf(resolve(c.cwd, p));
  const out = real(c.out);
  const refuse = (why: string) => {
    throw new UsageError(
      `${c.field} ${c.out}: ${why}; nothing was changed`,
      'ossast empties parts of its output folder and replaces the reports in it: give it a folder of its own, outside what you scan (e.g. ossast-out beside the inputs)',
    );
  };
  // The folder itself is never followed (OutputRoot.open refuses it too): say so before the checks below see through it.
  const given = resolve(c.cwd, c.out);
  if (lstatSync(given, { throwIfNoEntry: false })?.isSymbolicLink()) {
    let to = '?';
    try {
      to = readlinkSync(given);
    } catch {
      // unreadable: named as "?"
    }
    throw new UsageError(
      `${c.field} ${c.out}: it is a symlink (to ${to}), and ossast never follows a symlink for its output folder: emptying it would remove what the link points to; nothing was changed`,
      'give --out a real folder of its own (a new or empty one, e.g. ossast-out); do not keep an output folder, or a link in its place, in the repository',
    );
  }
  if (dirname(out) === out) refuse('the output folder is the file system root');
  if (c.home && out === real(c.home)) refuse('the output folder is your home folder');
  if (within(out, real(c.cwd))) refuse(`the output folder is the current folder (${c.cwd}) or one above it`);
  for (const input of c.scanned) {
    const inp = real(input);
    if (inp === out) refuse(`the output folder is the input ${input}`);
    if (within(out, inp)) refuse(`the output folder contains the input ${input}`);
    if (within(inp, out)) refuse(`the output folder lies inside the input ${input}`);
  }
  for (const file of c.read) {
    const f = real(file);
    for (const e of c.emptied) if (within(real(e), f)) refuse(`${file}, which ossast reads, lies in ${e}, which it empties before the run`);
  }
}
