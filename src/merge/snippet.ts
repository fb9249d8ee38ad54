// The one mapping from a tool's region to the extracted file's text: the snippet (suppressions, fingerprints, reports) and the context lines.
import type { Region } from 'sarif';

/*
 * How Semgrep 1.180.0 numbers lines and columns, measured with the real Semgrep (`semgrep scan --sarif` and `--json`)
 * on files with LF, CRLF, lone CR and mixed line endings, with and without a UTF-8 BOM, and with non-ASCII text:
 * - A line ends at "\n" only. CRLF is one break (its "\r" is the last character of the line); a lone "\r" is NOT a
 *   break: a file with lone-CR endings is one line for Semgrep, and its findings sit on line 1 at large columns
 *   (`var a = 1;\reval(a);` flags eval at line 1, column 12).
 * - Columns count UTF-8 bytes from the start of the line, from 1, end exclusive; a BOM is 3 bytes of line 1 (a match
 *   at the very start of a file with a BOM is at column 4), "é" is 2 bytes, "€" 3, "😀" 4.
 * - Semgrep's own SARIF snippet splits lines on every line ending (Python's splitlines), so for a file with lone CR
 *   it shows the wrong line (line 1 of the example above gives "var a = 1;"). ossast therefore takes the snippet from
 *   the file whenever it can read it, with the numbering above; ossast's own runs (exposure) number lines the same way.
 * SARIF's default column unit is UTF-16 code units (SARIF 2.1.0 §3.14.18): other tools' columns are read that way,
 * and merge rewrites Semgrep's byte columns to it (a BOM not counted) where it reads the file, as its run declares.
 */

/** A file's text with the offsets where its lines start (a line ends at "\n" only, as for Semgrep). */
export interface SourceText {
  text: string;
  lineStarts: number[];
  /** Whether every character after an optional BOM is ASCII (then a byte column is a character column). */
  ascii: boolean;
  /** Where the last UTF-8 column walk stopped: results come in position order, so the next walk goes on from there. */
  walk?: { line: number; bytes: number; at: number };
}

export type ColumnUnit = 'utf8Bytes' | 'utf16CodeUnits';

/** Semgrep counts columns in UTF-8 bytes; every other tool is taken at SARIF's default, UTF-16 code units. */
export const columnUnitOf = (tool: string): ColumnUnit => (/semgrep/i.test(tool) ? 'utf8Bytes' : 'utf16CodeUnits');

export function indexText(text: string): SourceText {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text, lineStarts, ascii: /^\ufeff?[\x00-\x7f]*$/.test(text) };
}

/** Visual lines longer than this are cut to a window around the region (minified code, lone-CR files). */
export const MAX_LINE = 240;
/** Characters kept before the region on a cut line. */
const LEAD = 80;
/** Most visual lines in a snippet (a region spanning a whole function stays bounded). */
const MAX_SNIPPET_LINES = 40;

/** [start, end) string offsets in a file's text. */
export interface Span {
  start: number;
  end: number;
}

/** The span of a region, or undefined when it lies past the end of the file. */
export function regionSpan(src: SourceText, region: Region, unit: ColumnUnit): Span | undefined {
  const startLine = region.startLine;
  if (!startLine || startLine > src.lineStarts.length) return undefined;
  const endLine = Math.min(Math.max(region.endLine ?? startLine, startLine), src.lineStarts.length);
  const start = region.startColumn ? offsetOf(src, startLine, region.startColumn, unit) : src.lineStarts[startLine - 1]!;
  const end = region.endColumn ? offsetOf(src, endLine, region.endColumn, unit) : lineEnd(src, endLine);
  return { start, end: Math.max(start, end) };
}

/** The UTF-16 column (from 1, a BOM not counted) of string offset `at` on line `line`, as SARIF's default column unit. */
export function utf16Column(src: SourceText, line: number, at: number): number {
  const ls = src.lineStarts[Math.min(line, src.lineStarts.length) - 1]!;
  const from = ls === 0 && src.text.charCodeAt(0) === 0xfeff ? 1 : ls;
  return Math.max(1, at - from + 1);
}

/** Where line `line` ends, before its "\n" (and the "\r" of a CRLF). */
function lineEnd(src: SourceText, line: number): number {
  const next = src.lineStarts[line];
  if (next === undefined) return src.text.length;
  return next >= 2 && src.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
}

/** The string offset of a 1-based column on a line, clamped to the line. */
function offsetOf(src: SourceText, line: number, column: number, unit: ColumnUnit): number {
  const ls = src.lineStarts[line - 1]!;
  const le = lineEnd(src, line);
  const bom = ls === 0 && src.text.charCodeAt(0) === 0xfeff;
  let at: number;
  if (unit === 'utf16CodeUnits') at = ls + (bom ? 1 : 0) + column - 1;
  else if (src.ascii) at = ls + (bom ? Math.max(1, column - 3) : column - 1);
  else at = byteColumnOffset(src, line, ls, le, column - 1);
  return Math.min(Math.max(at, ls), le);
}

/** Walks a line until `bytes` UTF-8 bytes are passed (a surrogate pair is 4 bytes), going on from the last walk when it can. */
function byteColumnOffset(src: SourceText, line: number, from: number, to: number, bytes: number): number {
  const w = src.walk;
  let i = from;
  let n = 0;
  if (w && w.line === line && w.bytes <= bytes) ({ at: i, bytes: n } = w);
  const text = src.text;
  while (n < bytes && i < to) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
    i++;
  }
  src.walk = { line, bytes: n, at: i };
  return i;
}

const isBreak = (c: number) => c === 10 || c === 13;

/** Offset of the first line break at or after `from`, looking below `limit` only: -1 when none (the end of the text counts as one). */
function breakAfter(text: string, from: number, limit: number): number {
  const stop = Math.min(text.length, limit);
  for (let i = from; i < stop; i++) if (isBreak(text.charCodeAt(i))) return i;
  return stop === text.length ? text.length : -1;
}

/** Start of the visual line holding `at` (after a BOM), looking back MAX_LINE characters at most: -1 when further. */
function lineStartBefore(text: string, at: number): number {
  const stop = Math.max(0, at - MAX_LINE - 1);
  for (let i = at; i > stop; i--) if (isBreak(text.charCodeAt(i - 1))) return i;
  if (stop > 0) return -1;
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** After the line ending at `at` (CRLF is one ending). */
const nextLine = (text: string, at: number) => (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1);

/**
 * One visual line as shown: whole when it has at most MAX_LINE characters, else a MAX_LINE window marked "…", from
 * LEAD characters before `focus` when the line holds it. `ls` is where the line starts (-1: further back than
 * MAX_LINE before focus). Reads about 2 × MAX_LINE characters at most. `end` is the line's end, or -1 past the window.
 */
function shown(text: string, ls: number, focus: number): { line: string; end: number; stop: number } {
  if (ls >= 0) {
    const le = breakAfter(text, ls, ls + MAX_LINE + 1);
    if (le >= 0) return { line: text.slice(ls, le), end: le, stop: le };
  }
  const lo = ls >= 0 && (focus < ls || focus - LEAD <= ls) ? ls : Math.max(0, focus - LEAD);
  const le = breakAfter(text, lo, lo + MAX_LINE + 1);
  const hi = le >= 0 ? le : lo + MAX_LINE;
  return { line: `${ls < 0 || lo > ls ? '…' : ''}${text.slice(lo, hi)}${le < 0 ? '…' : ''}`, end: le, stop: hi };
}

/**
 * The visual lines from the one starting at `from` (-1: the long line holding `focus`) to the one holding `to`,
 * joined by "\n", at most `maxLines` of them (then "…").
 */
function linesBetween(text: string, from: number, focus: number, to: number, maxLines: number): string {
  const out: string[] = [];
  let ls = from;
  for (let first = true; ; first = false) {
    if (out.length === maxLines) {
      out.push('…');
      break;
    }
    const s = shown(text, ls, first ? focus : -1);
    out.push(s.line);
    // The end of a cut line is looked for only up to `to`: past it, the lines are not wanted.
    const le = s.end >= 0 ? s.end : breakAfter(text, s.stop, to);
    if (le < 0 || le >= to || le >= text.length) break;
    ls = nextLine(text, le);
  }
  return out.join('\n');
}

/**
 * The snippet of a region: the visual lines it covers (a lone CR ends a visual line, so a lone-CR file shows the
 * flagged line, not the whole file), "\n"-separated, without a BOM, long lines cut around the region, at most
 * MAX_SNIPPET_LINES lines.
 */
export function snippetAt(src: SourceText, span: Span): string {
  const { text } = src;
  // A region ending at the very start of a visual line (end column 1) does not take that line.
  const last = span.end > span.start && isBreak(text.charCodeAt(span.end - 1)) ? span.end - 1 : span.end;
  return linesBetween(text, lineStartBefore(text, span.start), span.start, last, MAX_SNIPPET_LINES);
}

/** The 1-based line (Semgrep's numbering) holding string offset `at`. */
function lineOf(src: SourceText, at: number): number {
  const starts = src.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * `lines` visual lines before and after a region, with the first and last line numbers (Semgrep's numbering) they lie
 * on: the text for a SARIF contextRegion. A line longer than MAX_LINE next to the region ends the context on that side
 * (its start or end is not searched for).
 */
export function contextAt(src: SourceText, span: Span, lines: number): { startLine: number; endLine: number; text: string } {
  const { text } = src;
  let from = lineStartBefore(text, span.start);
  for (let n = 0; n < lines && from > 0 && !(from === 1 && text.charCodeAt(0) === 0xfeff); n++) {
    const prevEnd = text.charCodeAt(from - 1) === 10 && from >= 2 && text.charCodeAt(from - 2) === 13 ? from - 2 : from - 1;
    const prev = lineStartBefore(text, prevEnd);
    if (prev < 0) break;
    from = prev;
  }
  let to = breakAfter(text, span.end, span.end + MAX_LINE + 1);
  for (let n = 0; to >= 0 && n < lines && to < text.length; n++) {
    const next = breakAfter(text, nextLine(text, to), nextLine(text, to) + MAX_LINE + 1);
    if (next < 0 || nextLine(text, to) >= text.length) break;
    to = next;
  }
  const end = to >= 0 ? to : span.end;
  return { startLine: lineOf(src, from >= 0 ? from : span.start), endLine: lineOf(src, end), text: linesBetween(text, from, span.start, end, Number.MAX_SAFE_INTEGER) };
}
