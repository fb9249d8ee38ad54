// The one guard for the output folder: it is opened (never through a symlink, only when ossast made it or it was
// empty), locked against a second run, and every rm, mkdir, rename and write under it goes through here.
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readlink, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PipelineError, UsageError } from './errors.js';
import { acquireLock, releaseLock, releaseLockSync, type HeldLock } from './lock.js';

/** The file that says "ossast made (or adopted while empty) this folder": only a folder holding it is ever emptied. */
export const MARKER_FILE = '.ossast-output';
/** The lock file of a run using the folder (see lock.ts). */
export const LOCK_FILE = '.ossast-lock';

const HINT = 'ossast only writes inside its output folder: a name (from LifeTime, an archive or a path) or a symlink inside the output folder points elsewhere; remove the link, or choose an empty --out folder';
const LINK_HINT = 'ossast never follows or removes a symlink in its output folder: remove the link yourself (what it points to is left alone), or choose a new --out folder';

/** Whether `child` lies strictly below `parent` (both absolute). */
function strictlyUnder(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const lstatOf = (p: string) => lstat(p).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
const linkTarget = (p: string) => readlink(p).catch(() => '?');

export interface OpenOptions {
  /** The flag or config field that named the folder, for messages (e.g. "--out"). */
  field?: string;
  /** Where a stale lock's take-over is reported. */
  warn?: (message: string) => void;
}

/** The roots this process holds open, with their locks: a folder under one of them is part of it, not a root of its own. */
const held = new Map<OutputRoot, HeldLock>();

export class OutputRoot {
  private constructor(
    /** The root as given (absolute): paths built from it keep this form. */
    readonly dir: string,
    /** The root with every symlink of its parents resolved, once. */
    readonly real: string,
  ) {}

  /**
   * Opens `dir` as ossast's output folder. Refused (exit 2, nothing changed): a symlink (the folder itself is never
   * followed, wherever it points), something that is not a folder, or an existing folder that is not empty and was
   * not made by ossast (no MARKER_FILE in it). A new or empty folder is marked; then the folder is locked (lock.ts)
   * until close(). A folder under a root this process holds is part of that root: same guard, same lock.
   */
  static async open(dir: string, opts: OpenOptions = {}): Promise<OutputRoot> {
    const abs = resolve(dir);
    for (const r of held.keys()) {
      if (r.dir === abs) return new OutputRoot(r.dir, r.real);
      if (strictlyUnder(r.dir, abs)) {
        await r.mkdir(abs);
        return new OutputRoot(abs, join(r.real, relative(r.dir, abs)));
      }
    }
    const field = opts.field ?? 'output folder';
    const refuse = (why: string, hint: string): never => {
      throw new UsageError(`${field} ${dir}: ${why}; nothing was changed`, hint);
    };
    const st = await lstatOf(abs);
    if (st?.isSymbolicLink()) {
      refuse(
        `it is a symlink (to ${await linkTarget(abs)}), and ossast never follows a symlink for its output folder: emptying it would remove what the link points to`,
        'give --out a real folder of its own (a new or empty one, e.g. ossast-out); do not keep an output folder, or a link in its place, in the repository',
      );
    }
    if (st && !st.isDirectory()) refuse('it exists and is not a folder', 'choose a new or empty folder for --out');
    if (!st) {
      await mkdir(abs, { recursive: true }).catch((err: unknown) => refuse(`cannot create it: ${err instanceof Error ? err.message : String(err)}`, 'choose an --out folder you can write to'));
    }
    const marker = join(abs, MARKER_FILE);
    const mst = await lstatOf(marker);
    if (mst && !mst.isFile()) refuse(`its ${MARKER_FILE} is not a regular file`, `remove ${marker} yourself, or choose a new or empty folder for --out`);
    if (!mst) {
      const names = await readdir(abs);
      if (names.length > 0) {
        refuse(
          `the folder exists, is not empty (it holds ${names
            .slice(0, 3)
            .map((n) => JSON.stringify(n))
            .join(', ')}${names.length > 3 ? ', ...' : ''}) and was not made by ossast (there is no ${MARKER_FILE} in it), so ossast will not empty or write into it`,
          `choose a new or empty folder for --out (ossast marks the folders it makes and empties only those), or remove ${abs} yourself if you no longer need what is in it`,
        );
      }
      await writeFile(marker, `${JSON.stringify({ tool: 'ossast', note: 'this folder is an ossast output folder: ossast empties its src/, work/ and downloads/ and replaces its reports on every run' })}\n`, { flag: 'wx' }).catch(
        (err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : refuse(`cannot write in it: ${err.message}`, 'choose an --out folder you can write to')),
      );
    }
    const root = new OutputRoot(abs, await realpath(abs));
    held.set(root, await acquireLock(join(abs, LOCK_FILE), abs, opts.warn));
    return root;
  }

  /** Releases the lock (a handle that does not hold one does nothing). */
  async close(): Promise<void> {
    const lock = held.get(this);
    if (!lock) return;
    held.delete(this);
    await releaseLock(lock);
  }

  /**
   * Returns `path` (absolute) when it lies strictly under the root and no part of it below the root is a symlink;
   * otherwise throws, naming it. Every existing folder between the root and `path`, and `path` itself, is checked
   * with lstat: a symlink is never followed, nor removed.
   */
  async check(path: string, action: string): Promise<string> {
    const abs = resolve(path);
    const base = strictlyUnder(this.dir, abs) ? this.dir : strictlyUnder(this.real, abs) ? this.real : undefined;
    if (base === undefined) throw new PipelineError(`refused to ${action} ${abs}: it is not inside the output folder ${this.dir}`, HINT);
    let at = base;
    for (const part of relative(base, abs).split(sep)) {
      at = join(at, part);
      const st = await lstatOf(at);
      if (!st) break;
      if (st.isSymbolicLink()) {
        throw new UsageError(`refused to ${action} ${abs}: ${at} is a symlink (to ${await linkTarget(at)}) inside the output folder ${this.dir}; nothing was removed through it`, LINK_HINT);
      }
      if (at !== abs && !st.isDirectory()) throw new PipelineError(`refused to ${action} ${abs}: ${at} is not a folder`, HINT);
    }
    return abs;
  }

  /** Removes a file or folder (recursively, links inside it removed, never followed) under the root; a missing path is fine. */
  async rm(path: string): Promise<void> {
    await rm(await this.check(path, 'remove'), { recursive: true, force: true });
  }

  /** Creates `path` and its missing parents one by one (each checked), below the root. */
  async mkdir(path: string): Promise<void> {
    const abs = await this.check(path, 'create the folder');
    const base = strictlyUnder(this.dir, abs) ? this.dir : this.real;
    let at = base;
    for (const part of relative(base, abs).split(sep)) {
      at = join(at, part);
      await mkdir(at).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
        const st = await lstat(at);
        if (st.isSymbolicLink() || !st.isDirectory()) await this.check(at, 'create the folder');
      });
    }
  }

  /** An empty folder at `path`: whatever was there is removed first. */
  async fresh(path: string): Promise<void> {
    await this.rm(path);
    await this.mkdir(path);
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(await this.check(from, 'move'), await this.check(to, 'move a folder to'));
  }

  /** A new uniquely named folder `<prefix>XXXXXX` (prefix is a path under the root). */
  async mkdtemp(prefix: string): Promise<string> {
    await this.check(prefix, 'create a scratch folder at');
    if (![this.dir, this.real].includes(resolve(dirname(prefix)))) await this.mkdir(dirname(prefix));
    return mkdtemp(prefix);
  }

  /** Writes a file under the root; an existing symlink at `path` is refused, and never written through (O_NOFOLLOW). */
  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const target = await this.check(path, 'write');
    if (![this.dir, this.real].includes(dirname(target))) await this.mkdir(dirname(target));
    await writeFile(target, data, { flag: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW });
  }
}

/** A lock still held when the process exits (e.g. a second signal) is released on the way out. */
process.once('exit', () => {
  for (const lock of held.values()) releaseLockSync(lock);
});
