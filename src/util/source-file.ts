// Reads extracted files for snippets, context and platform markers: bounded in size, never outside the source root, absent when unreadable.
import { closeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { openRegularFileSync, readRegularFileSync } from './read-file.js';

/** Files larger than this give no snippet from the file (the tool's snippet, or the message, is used). */
export const MAX_SOURCE_BYTES = 32 * 1024 ** 2;

/**
 * Runs `read` on an open descriptor of the extracted file `root/rel` and returns what it gives, or undefined when the
 * path leaves the root (absolute or with ".."), is missing, is a link (never followed: O_NOFOLLOW where the OS has it;
 * extraction writes no links), is not a regular file, is over maxBytes, or cannot be read. Every reader of extracted
 * files for merge and suppression goes through here.
 */
export function withSourceFile<T>(root: string, rel: string, maxBytes: number, read: (fd: number) => T): T | undefined {
  if (isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return undefined;
  let fd: number | undefined;
  try {
    fd = openRegularFileSync(join(root, rel), { maxBytes, noFollow: true }).fd;
    return read(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A readSource for merge: `rel` relative to sourceRoot as merge wrote it, read whole as UTF-8 (see withSourceFile). */
export function sourceFileReader(sourceRoot: string, maxBytes = MAX_SOURCE_BYTES): (rel: string) => string | undefined {
  return (rel) => {
    if (isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return undefined;
    try {
      return readRegularFileSync(join(sourceRoot, rel), { maxBytes, noFollow: true }).toString('utf8');
    } catch {
      return undefined;
    }
  };
}
