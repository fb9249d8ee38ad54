// The subjects of the bundle: files under the output folder, named by their path relative to it ("/"-separated), and
// the one safe way to turn a subject's name back into a file: never outside the folder, never through a symlink.
import { lstat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { sha256File, MAX_HASHED_BYTES } from '../util/hash.js';
import { FileRefused } from '../util/read-file.js';

/** A plain relative name: parts of letters, digits, ".", "_", "-" and "+", none "." or "..", none empty, joined by "/". */
const PART = /^(?!\.{1,2}$)[A-Za-z0-9._+-]+$/;

/** Why a subject's name is refused, or undefined when it names a file inside the output folder. */
export function unsafeName(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('\\')) return 'a backslash in the name';
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return 'a ".." part, which leaves the output folder';
  if (!parts.every((p) => PART.test(p))) return 'a part that is empty, "." or holds other characters than letters, digits, ".", "_", "-" and "+"';
  return undefined;
}

/** What a subject's file turned out to be. */
export type FileDigest = { sha256: string } | { problem: string };

/**
 * SHA-256 of the file a subject names, under `root`. Refused (a problem, nothing read): an unsafe name, a symlink at any
 * part of the path, anything but a regular file.
 */
export async function digestUnder(root: string, name: string): Promise<FileDigest> {
  const bad = unsafeName(name);
  if (bad) return { problem: `refused: ${bad}; nothing outside the output folder is read` };
  let at = root;
  for (const part of name.split('/')) {
    at = join(at, part);
    const st = await lstat(at).catch(() => undefined);
    if (!st) return { problem: 'missing' };
    if (st.isSymbolicLink())
      return {
        problem: `refused: ${at
          .slice(root.length + 1)
          .split(sep)
          .join('/')} is a symbolic link, which is never followed`,
      };
  }
  try {
    return { sha256: await sha256File(at, { maxBytes: MAX_HASHED_BYTES, noFollow: true }) };
  } catch (err) {
    if (err instanceof FileRefused) return { problem: err.why === 'missing' ? 'missing' : err.message.replace(at, name) };
    throw err;
  }
}
