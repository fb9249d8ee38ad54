// The flagged code and a few lines around it, read from the extracted file: SARIF region.snippet and contextRegion.
import type { Result } from 'sarif';
import { columnUnitOf, contextAt, indexText, regionSpan, snippetAt, utf16Column, type SourceText } from './snippet.js';

/** Lines shown before and after the flagged region. */
export const CONTEXT_LINES = 2;
/** Flagged regions longer than this get no context (the snippet is already long). */
const MAX_REGION_LINES = 40;

/** Sets a result's snippet and context from its file and returns the snippet; undefined when the file is not known. */
export type Annotate = (result: Result) => string | undefined;

/**
 * An Annotate for one tool's results, reading files with readSource. Results come file by file (position order), so
 * only the current file is kept: each file is read and indexed once, and memory holds one file at a time.
 * The file's snippet replaces the tool's (Semgrep's is wrong in files with lone CR line endings, see snippet.ts);
 * `contextRegion` (SARIF 2.1.0 §3.29.5) holds CONTEXT_LINES lines around the region, unless the result has one.
 */
export function fromSources(readSource: ((relPath: string) => string | undefined) | undefined, tool: string): Annotate | undefined {
  if (!readSource) return undefined;
  const unit = columnUnitOf(tool);
  let current: { path: string; src: SourceText | undefined } | undefined;
  const sourceOf = (path: string) => {
    if (current?.path !== path) {
      const text = readSource(path);
      current = { path, src: text === undefined ? undefined : indexText(text) };
    }
    return current.src;
  };
  return (r) => {
    const pl = r.locations?.[0]?.physicalLocation;
    const region = pl?.region;
    const path = pl?.artifactLocation?.uri;
    if (!region?.startLine || !path) return undefined;
    const src = sourceOf(path);
    if (!src) return undefined;
    const span = regionSpan(src, region, unit);
    if (!span) return undefined;
    const snippet = snippetAt(src, span);
    region.snippet = { text: snippet };
    // The merged run says its columns are UTF-16 code units (SARIF's default): Semgrep's byte columns are converted.
    if (unit === 'utf8Bytes') {
      if (region.startColumn) region.startColumn = utf16Column(src, region.startLine, span.start);
      if (region.endColumn) region.endColumn = utf16Column(src, region.endLine ?? region.startLine, span.end);
    }
    const end = region.endLine ?? region.startLine;
    if (!pl.contextRegion && end >= region.startLine && end - region.startLine <= MAX_REGION_LINES) {
      const context = contextAt(src, span, CONTEXT_LINES);
      // A context region must be a proper superset of the region (SARIF 2.1.0 §3.29.5): none for a whole-line region
      // (no columns) when the file has no lines around it (a one-line file).
      const wholeLines = region.startColumn === undefined && region.endColumn === undefined;
      if (context.startLine < region.startLine || context.endLine > end || !wholeLines) pl.contextRegion = { startLine: context.startLine, endLine: context.endLine, snippet: { text: context.text } };
    }
    return snippet;
  };
}
