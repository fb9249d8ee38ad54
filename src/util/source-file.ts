// Reads extracted files for snippets, context and platform markers: bounded in size, never outside the source root, absent when unreadable.
import { closeSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { openRegularFileSync, readRegularFileSync } from './read-file.js';

/** Files larger than this give no snippet from the file (the tool's snippet, or the message, is used). */
export const MAX_SOURCE_BYTES = 32 * 1024 ** 2;

/** A folder with more entries than this is not listed: its files are opened to learn whether they are there. */
const MAX_LISTED_ENTRIES = 100_000;
/** Folders listed (or found missing) per reader at most; beyond, files in other folders are opened. A log naming a
 *  million folders would otherwise keep a million entries. */
const MAX_FOLDERS = 20_000;

type Listing = { exact: Set<string>; folded: Set<string> };
/** A folder that is not there (one object for all). */
const NOTHING: Listing = { exact: new Set(), folded: new Set() };

/**
 * Whether a file may be in its folder, each folder listed once. A scanner's log can name a million files that are not
 * there (a tool run elsewhere, a hostile log); opening each to find that out cost about 20 µs, two opens a result
 * (merge and suppression), 40 s at a million. A name the listing lacks is missing; one it has, or a folder too big to
 * list or unreadable, is opened as before. Names are compared exactly and, where the file system might ignore case,
 * also without case, so that nothing an open would find is taken for missing.
 */
export class FolderListings {
  private readonly folders = new Map<string, Listing | null>();

  constructor(
    private readonly maxEntries = MAX_LISTED_ENTRIES,
    private readonly maxFolders = MAX_FOLDERS,
  ) {}

  mayExist(path: string): boolean {
    const dir = dirname(path);
    let listed = this.folders.get(dir);
    if (listed === undefined) {
      if (this.folders.size >= this.maxFolders) return true;
      listed = list(dir, this.maxEntries);
      this.folders.set(dir, listed);
    }
    if (listed === null) return true;
    const name = basename(path);
    return listed.exact.has(name) || listed.folded.has(name.toLowerCase());
  }
}

function list(dir: string, maxEntries: number): Listing | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    // No such folder (or a file where a folder would be): nothing in it is there.
    return code === 'ENOENT' || code === 'ENOTDIR' ? NOTHING : null;
  }
  if (names.length > maxEntries) return null;
  return { exact: new Set(names), folded: new Set(names.map((n) => n.toLowerCase())) };
}

const leavesRoot = (rel: string) => isAbsolute(rel) || rel.split(/[\\/]/).includes('..');

/**
 * Runs `read` on an open descriptor of the extracted file `root/rel` and returns what it gives, or undefined when the
 * path leaves the root (absolute or with ".."), is missing, is a link (never followed: O_NOFOLLOW where the OS has it;
 * extraction writes no links), is not a regular file, is over maxBytes, or cannot be read. Every reader of extracted
 * files for merge and suppression goes through here; `listings`, when given, answers "missing" without an open.
 */
export function withSourceFile<T>(root: string, rel: string, maxBytes: number, read: (fd: number) => T, listings?: FolderListings): T | undefined {
  if (leavesRoot(rel)) return undefined;
  const path = join(root, rel);
  if (listings && !listings.mayExist(path)) return undefined;
  let fd: number | undefined;
  try {
    fd = openRegularFileSync(path, { maxBytes, noFollow: true }).fd;
    return read(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A readSource for merge: `rel` relative to sourceRoot as merge wrote it, read whole as UTF-8 (see withSourceFile). */
export function sourceFileReader(sourceRoot: string, maxBytes = MAX_SOURCE_BYTES): (rel: string) => string | undefined {
  const listings = new FolderListings();
  return (rel) => {
    if (leavesRoot(rel)) return undefined;
    const path = join(sourceRoot, rel);
    if (!listings.mayExist(path)) return undefined;
    try {
      return readRegularFileSync(path, { maxBytes, noFollow: true }).toString('utf8');
    } catch {
      return undefined;
    }
  };
}
