// SHA-256 as lowercase hex: of bytes or text in memory, of chunks as they stream past, of a regular file (streamed).
import { createHash, hash } from 'node:crypto';
import { openRegularFile, streamOpened, type ReadLimits } from './read-file.js';

/** Hashing streams in constant memory; the bound only stops a source that never ends. */
export const MAX_HASHED_BYTES = 64 * 1024 ** 3;

/** What can be hashed: bytes, or text (hashed as its UTF-8 bytes). */
export type Hashable = string | Uint8Array;

/** SHA-256 of bytes or text, in one call. */
export function sha256Hex(data: Hashable): string {
  return hash('sha256', data, 'hex');
}

/** SHA-256 of the parts, each followed by a NUL byte, so that ("ab", "c") and ("a", "bc") differ: a key made of fields. */
export function sha256Of(...parts: string[]): string {
  const h = sha256Hasher();
  for (const p of parts) h.update(p).update('\0');
  return h.hex();
}

/** A SHA-256 fed chunk by chunk (a download, a copy, a file as it is written); hex() ends it. */
export interface Sha256Hasher {
  update(chunk: Hashable): Sha256Hasher;
  hex(): string;
}

export function sha256Hasher(): Sha256Hasher {
  const h = createHash('sha256');
  const hasher: Sha256Hasher = {
    update: (chunk) => {
      h.update(chunk);
      return hasher;
    },
    hex: () => h.digest('hex'),
  };
  return hasher;
}

/** SHA-256 of a regular file of at most limits.maxBytes, streamed through the one file reader. */
export async function sha256File(path: string, limits: ReadLimits = { maxBytes: MAX_HASHED_BYTES }): Promise<string> {
  const { handle } = await openRegularFile(path, limits);
  try {
    const h = sha256Hasher();
    for await (const chunk of streamOpened(path, handle, limits.maxBytes)) h.update(chunk as Buffer);
    return h.hex();
  } finally {
    await handle.close();
  }
}
