// The files a run writes (name and content), and their contents as writers consume them: text chunks of a useful
// size, from a string, bytes or (async) iterables.
import { jsonChunks } from '../util/json-chunks.js';
import { redactWhole, redactsNothingInJson } from '../util/redact.js';

/**
 * What a reporter produces for one file: text, bytes, or text in chunks (logs too big for one string). Iterables are
 * re-iterable (each iteration serialises again), so the files of a run can be written and then read back.
 */
export type ReportContent = string | Uint8Array | Iterable<string> | AsyncIterable<string>;

/** A file to write under the output folder; name "-" means standard output. */
export interface ReportFile {
  name: string;
  content: ReportContent;
}

const BATCH = 64 * 1024;

/** An iterable that runs `make` afresh each time it is iterated (a generator function made re-iterable). */
export function reiterable(make: () => Iterator<string>): Iterable<string> {
  return { [Symbol.iterator]: make };
}

/** A JSON file as chunks: every string (keys included) redacted before it is escaped, then a final newline. */
export function jsonFile(value: unknown, indent: number): Iterable<string> {
  return reiterable(function* () {
    yield* jsonChunks(value, { indent, clean: redactWhole, cleanChangesNothing: redactsNothingInJson });
    yield '\n';
  });
}

/** From this many results on, a SARIF log is written compact: a log that big is read by machines, and indentation
 *  makes it larger by almost half (696 against 478 MB for a million results) and longer to write (JSON.stringify
 *  1.3x, plus indenting each result from its depth). */
export const COMPACT_SARIF_FROM_RESULTS = 10_000;

/** The indentation of a SARIF log ossast writes: 2 spaces, none from COMPACT_SARIF_FROM_RESULTS results on. */
export function sarifIndent(log: { runs: readonly { results?: readonly unknown[] }[] }): number {
  return log.runs.reduce((n, r) => n + (r.results?.length ?? 0), 0) >= COMPACT_SARIF_FROM_RESULTS ? 0 : 2;
}

/** The content as chunks of at least 64 KiB (small pieces are joined), strings or bytes, in order. */
export async function* contentChunks(content: ReportContent): AsyncGenerator<string | Uint8Array, void, undefined> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    yield content;
    return;
  }
  let buf = '';
  for await (const piece of content) {
    buf += piece;
    if (buf.length >= BATCH) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** The whole content as one string (for small contents: standard output, tests). */
export async function contentText(content: ReportContent): Promise<string> {
  let text = '';
  for await (const c of contentChunks(content)) text += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  return text;
}

/** Writes the content to a stream (standard output), waiting whenever the stream asks to. */
export async function writeContent(stream: NodeJS.WritableStream, content: ReportContent): Promise<void> {
  for await (const c of contentChunks(content)) {
    if (!stream.write(c)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
}
