// Reads a file a scanner wrote, bounded: a missing, oversized or unparsable output is the scanner's failure.
import { readFile, stat } from 'node:fs/promises';

/** Scanner outputs are read whole; beyond this they are refused (V8 cannot hold a longer string anyway). */
export const MAX_TOOL_OUTPUT_BYTES = 512 * 1024 * 1024;

const sizeOf = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(0)} MB` : `${n} bytes`);

export async function readToolOutput<T>(file: string, what: string, parse: (text: string) => T, fail: (message: string, cause?: unknown) => Error, maxBytes = MAX_TOOL_OUTPUT_BYTES): Promise<T> {
  let bytes: number;
  try {
    bytes = (await stat(file)).size;
  } catch (err) {
    throw fail(`exited but wrote no ${what} at ${file}`, err);
  }
  if (bytes > maxBytes) throw fail(`wrote a ${what} of ${sizeOf(bytes)} (${file}), over the ${sizeOf(maxBytes)} ossast reads; it was not read`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw fail(`exited but its ${what} at ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  try {
    return parse(text);
  } catch (err) {
    throw fail(`wrote a ${what} that is not valid (${file}): ${err instanceof Error ? err.message : String(err)}`, err);
  }
}
