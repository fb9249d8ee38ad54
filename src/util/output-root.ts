// The one guard for writes: every rm, mkdir, rename and write goes through it and lands strictly under the output root.
import { lstat, mkdir, mkdtemp, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PipelineError } from './errors.js';

const HINT =
  'ossast only writes inside its output folder: a name (from LifeTime, an archive or a path) or a symlink inside the output folder points elsewhere; remove the link, or choose an empty --out folder';

/** Whether `child` lies strictly below `parent` (both absolute and resolved). */
function strictlyUnder(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The real path of `path`'s parent folder (following symlinks up to the deepest existing ancestor), plus its last name. */
async function realParent(path: string): Promise<string> {
  const missing: string[] = [basename(path)];
  let dir = dirname(path);
  for (;;) {
    try {
      return join(await realpath(dir), ...missing.reverse());
    } catch (err) {
      const parent = dirname(dir);
      const code = err instanceof Error && 'code' in err ? err.code : undefined;
      if (parent === dir || (code !== 'ENOENT' && code !== 'ENOTDIR')) throw err;
      missing.push(basename(dir));
      dir = parent;
    }
  }
}

export class OutputRoot {
  private constructor(
    /** The root as given (absolute): paths built from it keep this form. */
    readonly dir: string,
    /** The root with every symlink resolved, once. */
    readonly real: string,
  ) {}

  /** Creates the root if needed and resolves it once. The root itself is the caller's choice (`--out`). */
  static async open(dir: string): Promise<OutputRoot> {
    const abs = resolve(dir);
    await mkdir(abs, { recursive: true });
    return new OutputRoot(abs, await realpath(abs));
  }

  /**
   * Returns `path` (absolute) when it lies strictly under the root once `..` and symlinked parents are resolved;
   * otherwise throws a PipelineError naming it. `follow`: the path itself must not be a symlink either (it will be
   * written through); an rm removes a link, never what it points to, so it need not follow.
   */
  async check(path: string, action: string, follow = true): Promise<string> {
    const abs = resolve(path);
    const refuse = (real: string): never => {
      const via = real === abs ? '' : ` (it resolves to ${real})`;
      throw new PipelineError(`refused to ${action} ${abs}: it is not inside the output folder ${this.dir}${via}`, HINT);
    };
    if (!strictlyUnder(this.dir, abs) && !strictlyUnder(this.real, abs)) refuse(abs);
    const real = await realParent(abs);
    if (!strictlyUnder(this.real, real)) refuse(real);
    if (follow) {
      const st = await lstat(abs).catch(() => undefined);
      if (st?.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => 'a symlink to nowhere');
        if (!strictlyUnder(this.real, target)) refuse(target);
      }
    }
    return abs;
  }

  /** Removes a file or folder (recursively) under the root; a missing path is fine. */
  async rm(path: string): Promise<void> {
    await rm(await this.check(path, 'remove', false), { recursive: true, force: true });
  }

  async mkdir(path: string): Promise<void> {
    await mkdir(await this.check(path, 'create the folder'), { recursive: true });
  }

  /** An empty folder at `path`: whatever was there is removed first. */
  async fresh(path: string): Promise<void> {
    await this.rm(path);
    await this.mkdir(path);
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(await this.check(from, 'move', false), await this.check(to, 'move a folder to'));
  }

  /** A new uniquely named folder `<prefix>XXXXXX` (prefix is a path under the root). */
  async mkdtemp(prefix: string): Promise<string> {
    await this.check(prefix, 'create a scratch folder at');
    return mkdtemp(prefix);
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const target = await this.check(path, 'write');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}
