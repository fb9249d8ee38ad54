// SHA-256 of a file, streamed (a regular file only, through the one file reader).
import { sha256OfFile } from './read-file.js';

/** Hashing streams in constant memory; the bound only stops a source that never ends. */
export const MAX_HASHED_BYTES = 64 * 1024 ** 3;

export async function sha256File(path: string, maxBytes = MAX_HASHED_BYTES): Promise<string> {
  return sha256OfFile(path, { maxBytes });
}
