// Reads a file a scanner wrote, bounded: a missing, oversized or unparsable output is the scanner's failure.
import { FileRefused, readRegularFile } from '../util/read-file.js';

/** Scanner outputs are read whole; beyond this they are refused (V8 cannot hold a longer string anyway). */
export const MAX_TOOL_OUTPUT_BYTES = 512 * 1024 * 1024;

const sizeOf = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(0)} MB` : `${n} bytes`);

export async function readToolOutput<T>(file: string, what: string, parse: (text: string) => T, fail: (message: string, cause?: unknown) => Error, maxBytes = MAX_TOOL_OUTPUT_BYTES): Promise<T> {
  let text: string;
  try {
    // A regular file only (a FIFO or a device the tool left there is refused at once), never read past maxBytes.
    text = (await readRegularFile(file, { maxBytes })).toString('utf8');
  } catch (err) {
    if (err instanceof FileRefused && err.why === 'missing') throw fail(`exited but wrote no ${what} at ${file}`, err);
    if (err instanceof FileRefused && err.why === 'too-large')
      throw fail(`wrote a ${what} ${err.bytes === undefined ? `over ${sizeOf(maxBytes)}` : `of ${sizeOf(err.bytes)}`} (${file}), over the ${sizeOf(maxBytes)} ossast reads; it was not read`, err);
    if (err instanceof FileRefused && err.why === 'not-a-file') throw fail(`left ${err.found ?? 'something other than a regular file'} at ${file}, not a ${what}; it was not read`, err);
    throw fail(`exited but its ${what} at ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  try {
    return parse(text);
  } catch (err) {
    throw fail(`wrote a ${what} that is not valid (${file}): ${err instanceof Error ? err.message : String(err)}`, err);
  }
}
