// Reading test outputs too large to be one string.
import { createReadStream } from 'node:fs';

/** Occurrences of `needle` in a file, read as a stream (the file may be too big to be one string). */
export async function countInFile(file: string, needle: string): Promise<number> {
  let count = 0;
  let carry = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    const text = carry + String(chunk);
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
    carry = text.slice(-(needle.length - 1));
  }
  return count;
}
