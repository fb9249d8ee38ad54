// ossast's result fingerprint: stable across machines and reruns, blind to lines moving above the finding.
import { createHash } from 'node:crypto';
import type { Result, Run } from 'sarif';
import { FINGERPRINT_KEY, GITHUB_FINGERPRINT_KEY } from './conventions.js';

export interface FingerprintInput {
  tool: string;
  ruleId: string;
  /** Path relative to the source root, "/"-separated. */
  path: string;
  /** The flagged code (or the message when no code is known). */
  text: string;
  /** 0 for the first result with the same tool, rule, path and text in the file, 1 for the next, ... */
  occurrence: number;
}

/** Whitespace-insensitive: indentation, line endings and spacing changes do not change the identity. */
export const normaliseText = (text: string): string => text.replace(/\s+/g, ' ').trim();

function baseHash(tool: string, ruleId: string, path: string, text: string): string {
  return createHash('sha256').update(`${tool}\0${ruleId}\0${path}\0${normaliseText(text)}`).digest('hex').slice(0, 32);
}

export function fingerprint(input: FingerprintInput): string {
  return `${baseHash(input.tool, input.ruleId, input.path, input.text)}:${input.occurrence}`;
}

/** The code a result points at: its snippet, else the lines read from the source, else its message. */
export function resultText(result: Result, readSource?: (relPath: string) => string | undefined): string {
  const loc = result.locations?.[0]?.physicalLocation;
  const snippet = loc?.region?.snippet?.text;
  if (snippet) return snippet;
  const uri = loc?.artifactLocation?.uri;
  const start = loc?.region?.startLine;
  if (uri && start && readSource) {
    const text = readSource(uri);
    if (text !== undefined) {
      const lines = text.split(/\r?\n/);
      return lines.slice(start - 1, loc?.region?.endLine ?? start).join('\n');
    }
  }
  return result.message.text ?? '';
}

/** Returns a run whose results all carry ossast's fingerprint (under FINGERPRINT_KEY and GITHUB_FINGERPRINT_KEY). */
export function withFingerprints(run: Run, readSource?: (relPath: string) => string | undefined): Run {
  const results = (run.results ?? []).map((r) => ({ ...r }));
  assignFingerprints(results, run.tool.driver.name, readSource);
  return { ...run, results };
}

/** Sets the fingerprints on results the caller owns (merge builds them fresh, so it need not copy them again). */
export function assignFingerprints(results: Result[], tool: string, readSource?: (relPath: string) => string | undefined): void {
  // Occurrences are counted in position order, so the n-th identical snippet in a file keeps its number.
  const order = results
    .map((r, i) => ({ i, line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0, col: r.locations?.[0]?.physicalLocation?.region?.startColumn ?? 0 }))
    .sort((a, b) => a.line - b.line || a.col - b.col || a.i - b.i);
  const seen = new Map<string, number>();
  const fps = new Array<string>(results.length);
  for (const { i } of order) {
    const r = results[i]!;
    const path = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    const base = baseHash(tool, r.ruleId ?? r.rule?.id ?? '', path, resultText(r, readSource));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    fps[i] = `${base}:${n}`;
  }
  results.forEach((r, i) => {
    r.partialFingerprints = { ...(r.partialFingerprints ?? {}), [FINGERPRINT_KEY]: fps[i]!, [GITHUB_FINGERPRINT_KEY]: fps[i]! };
  });
}
