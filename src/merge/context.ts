// Code context for reviewers: a few lines around each finding, from the extracted file, as SARIF contextRegion.
import type { Result } from 'sarif';

/** Lines shown before and after the flagged region. */
export const CONTEXT_LINES = 2;
/** Longest context line kept (minified code would otherwise copy whole files into the log). */
const MAX_LINE = 240;
/** Flagged regions longer than this get no context (the snippet is already long). */
const MAX_REGION_LINES = 40;

/**
 * Adds `contextRegion` (SARIF 2.1.0 §3.29.5) to each result whose file can be read: CONTEXT_LINES around its region,
 * each line cut at MAX_LINE characters. Files are read and split once. Results that already carry one keep it.
 */
export function addContext(results: Result[], readSource: ((relPath: string) => string | undefined) | undefined): void {
  if (!readSource) return;
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (path: string) => {
    if (!cache.has(path)) cache.set(path, readSource(path)?.split(/\r\n|\r|\n/));
    return cache.get(path);
  };
  for (const r of results) {
    const pl = r.locations?.[0]?.physicalLocation;
    const region = pl?.region;
    const path = pl?.artifactLocation?.uri;
    if (!pl || !region?.startLine || !path || pl.contextRegion) continue;
    const end = region.endLine ?? region.startLine;
    if (end < region.startLine || end - region.startLine > MAX_REGION_LINES) continue;
    const lines = linesOf(path);
    if (!lines || region.startLine > lines.length) continue;
    const startLine = Math.max(1, region.startLine - CONTEXT_LINES);
    const endLine = Math.min(lines.length, end + CONTEXT_LINES);
    const text = lines.slice(startLine - 1, endLine).map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l)).join('\n');
    pl.contextRegion = { startLine, endLine, snippet: { text } };
  }
}
