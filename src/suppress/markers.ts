// Reads the part of an extracted file that platform-ownership evidence is looked for in (see platform.ts).
import { fstatSync, readSync } from 'node:fs';
import { FolderListings, withSourceFile } from '../util/source-file.js';
import type { FileContent } from './platform.js';

/** How much of a file is read for evidence: whole up to this size (hash, every namespace), else its first bytes. */
export const EVIDENCE_BYTES = 1024 * 1024;

/**
 * The first EVIDENCE_BYTES bytes of `root/relPath`, or undefined when the path leaves the root or cannot be read (then
 * ownership is unknown and the file's findings stay open: never more suppression on a read error). `listings` (see
 * contentReader) answers for files that are not there without opening them.
 */
export function readContent(root: string, relPath: string, listings?: FolderListings): FileContent | undefined {
  return withSourceFile(
    root,
    relPath,
    Number.MAX_SAFE_INTEGER,
    (fd) => {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.min(size, EVIDENCE_BYTES));
      let n = 0;
      while (n < buf.length) {
        const got = readSync(fd, buf, n, buf.length - n, n);
        if (got === 0) break;
        n += got;
      }
      return { bytes: buf.subarray(0, n), complete: size <= EVIDENCE_BYTES && n === size };
    },
    listings,
  );
}

/** readContent over one source root, each folder listed once (a log may name a million files that are not there). */
export function contentReader(root: string): (relPath: string) => FileContent | undefined {
  const listings = new FolderListings();
  return (relPath) => readContent(root, relPath, listings);
}
