// Reads an extracted file for snippets and context: bounded in size, never outside the source root, absent when unreadable.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files larger than this give no snippet from the file (the tool's snippet, or the message, is used). */
export const MAX_SOURCE_BYTES = 32 * 1024 ** 2;

/**
 * A readSource for merge: `rel` is a path relative to sourceRoot as merge wrote it (no "..", checked by merge),
 * read as UTF-8 once; a file that is missing, a link, not a regular file or over maxBytes gives undefined.
 */
export function sourceFileReader(sourceRoot: string, maxBytes = MAX_SOURCE_BYTES): (rel: string) => string | undefined {
  return (rel) => {
    if (rel.split('/').includes('..')) return undefined;
    let fd: number | undefined;
    try {
      // Extraction writes no links; a link put there later is not followed (O_NOFOLLOW, where the OS has it).
      fd = openSync(join(sourceRoot, rel), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > maxBytes) return undefined;
      return readFileSync(fd, 'utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}
