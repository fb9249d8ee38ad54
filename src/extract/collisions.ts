// Entry names that would land on the same file: twice, or once case and Unicode normalisation are ignored (as on
// Windows and macOS), or a file where another entry needs a folder. Checked per archive before anything is written.
import { relative, sep } from 'node:path';
import { refuse, type Chain } from './guard.js';
import { foldName } from './layout.js';

const HINT = 'the archive is malformed or malicious (written on Windows or macOS, one entry would overwrite the other); get a fresh package from LifeTime';

export class EntryNames {
  /** Folded path → the entry's own name, for files and for folders (named or implied by a file below them). */
  private readonly files = new Map<string, { rel: string; name: string }>();
  private readonly dirs = new Map<string, string>();

  constructor(
    private readonly chain: Chain,
    private readonly container = 'archive',
  ) {}

  /** `rel`: the entry's path relative to the target folder, "/"-separated and normalised; `name`: as the archive spells it. */
  file(rel: string, name: string): void {
    const key = foldName(rel);
    const other = this.files.get(key);
    if (other?.rel === rel) refuse(this.chain, name, `appears twice in the ${this.container}`, HINT);
    if (other) refuse(this.chain, name, `and "${other.name}" are the same file once case and Unicode normalisation are ignored`, HINT);
    const dir = this.dirs.get(key);
    if (dir !== undefined) refuse(this.chain, name, `is a file, but "${dir}" needs a folder of the same name`, HINT);
    this.parents(rel, name);
    this.files.set(key, { rel, name });
  }

  /** A folder entry (or a folder the caller creates): it must not be a file another entry names. */
  dir(rel: string, name: string): void {
    if (rel === '' || rel === '.') return;
    const key = foldName(rel);
    const file = this.files.get(key);
    if (file) refuse(this.chain, name, `needs a folder where "${file.name}" is a file (names compared ignoring case and Unicode normalisation)`, HINT);
    this.parents(rel, name);
    if (!this.dirs.has(key)) this.dirs.set(key, name);
  }

  /** Every folder above `rel` must not be a file; walks up only until a folder already known. */
  private parents(rel: string, name: string): void {
    for (let at = rel.lastIndexOf('/'); at > 0; at = rel.lastIndexOf('/', at - 1)) {
      const key = foldName(rel.slice(0, at));
      if (this.dirs.has(key)) return;
      const file = this.files.get(key);
      if (file) refuse(this.chain, name, `needs a folder where "${file.name}" is a file (names compared ignoring case and Unicode normalisation)`, HINT);
      this.dirs.set(key, name);
    }
  }
}

/** An entry's path below `dir` ("/"-separated), from its resolved target (cheap: a slice in the common case). */
export function entryRel(dir: string, target: string): string {
  const rel = target.startsWith(dir + sep) ? target.slice(dir.length + 1) : relative(dir, target);
  return sep === '/' ? rel : rel.split(sep).join('/');
}
