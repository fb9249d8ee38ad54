// ossast's result fingerprint: stable across machines and reruns, blind to lines moving above the finding.
import crypto from 'node:crypto';
import type { Result, Run } from 'sarif';
import { FINGERPRINT_KEY, GITHUB_FINGERPRINT_KEY } from './conventions.js';

/** Whitespace-insensitive: indentation, line endings and spacing changes do not change the identity. */
export const normaliseText = (text: string): string =>
  // Most snippets are already normal (single spaces, nothing around): testing is much cheaper than replacing.
  /[^\S ]|\s\s|^\s|\s$/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;

// crypto.hash (Node >= 20.12) hashes a string in one call, without a Hash object per result.
const sha256hex: (data: string) => string =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The fingerprint is `<base>:<occurrence>`: base hashes the tool, the rule, the path relative to the source root and
 * the flagged code (whitespace-normalised; the message when no code is known), and occurrence numbers results with
 * the same base in position order (0, 1, ...). No line numbers: a finding keeps its fingerprint when lines move.
 */
function baseHash(tool: string, ruleId: string, path: string, text: string): string {
  return sha256hex(`${tool}\0${ruleId}\0${path}\0${normaliseText(text)}`).slice(0, 32);
}

type ReadSource = (relPath: string) => string | undefined;

/** Reads and splits each source file once, however many results point into it. */
function sourceLines(readSource: ReadSource): (relPath: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (relPath) => {
    if (!cache.has(relPath)) cache.set(relPath, readSource(relPath)?.split(/\r?\n/));
    return cache.get(relPath);
  };
}

/** The code a result points at: its snippet, else the lines read from the source, else its message. */
function textOf(result: Result, linesOf: ((relPath: string) => string[] | undefined) | undefined): string {
  const loc = result.locations?.[0]?.physicalLocation;
  const snippet = loc?.region?.snippet?.text;
  if (snippet) return snippet;
  const uri = loc?.artifactLocation?.uri;
  const start = loc?.region?.startLine;
  if (uri && start && linesOf) {
    const lines = linesOf(uri);
    if (lines !== undefined) return lines.slice(start - 1, loc?.region?.endLine ?? start).join('\n');
  }
  return result.message.text ?? '';
}

/** Returns a run whose results all carry ossast's fingerprint (under FINGERPRINT_KEY and GITHUB_FINGERPRINT_KEY). */
export function withFingerprints(run: Run, readSource?: ReadSource): Run {
  const results = (run.results ?? []).map((r) => ({ ...r }));
  assignFingerprints(results, run.tool.driver.name, readSource);
  return { ...run, results };
}

/** Sets the fingerprints on results the caller owns; their order is kept. */
function assignFingerprints(results: Result[], tool: string, readSource?: ReadSource): void {
  fingerprintInOrder(results, positionOrder(results), tool, readSource, false);
}

/**
 * Fingerprints results the caller owns and returns them in position order (file, line, column, rule), each finding
 * once: a result with the same rule, region and message as one before it is left out (before it could take an
 * occurrence number).
 */
export function fingerprintUnique(results: Result[], tool: string, readSource?: ReadSource, opts: { keepMasked?: boolean } = {}): Result[] {
  return fingerprintInOrder(results, positionOrder(results), tool, readSource, true, Boolean(opts.keepMasked));
}

/** Indexes of results ordered by file, line, column and rule, then input order (stable). */
function positionOrder(results: Result[]): number[] {
  const n = results.length;
  const uris = new Array<string>(n);
  const ruleIds = new Array<string>(n);
  const lines = new Float64Array(n);
  const cols = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = results[i]!;
    const pl = r.locations?.[0]?.physicalLocation;
    uris[i] = pl?.artifactLocation?.uri ?? '';
    ruleIds[i] = r.ruleId ?? r.rule?.id ?? '';
    lines[i] = pl?.region?.startLine ?? 0;
    cols[i] = pl?.region?.startColumn ?? 0;
  }
  const cmp = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => cmp(uris[a]!, uris[b]!) || lines[a]! - lines[b]! || cols[a]! - cols[b]! || cmp(ruleIds[a]!, ruleIds[b]!) || a - b);
}

const fingerprintProps = (fp: string) => ({ 'ossast/v1': fp, primaryLocationLineHash: fp }) satisfies Record<typeof FINGERPRINT_KEY | typeof GITHUB_FINGERPRINT_KEY, string>;

// Occurrences are counted in position order, so the n-th identical snippet in a file keeps its number.
function fingerprintInOrder(results: Result[], order: number[], tool: string, readSource: ReadSource | undefined, dedupe: boolean, keepMasked = false): Result[] {
  const linesOf = readSource ? sourceLines(readSource) : undefined;
  const seen = new Map<string, number>();
  const kept: Result[] = [];
  for (const i of order) {
    const r = results[i]!;
    if (dedupe && repeats(r, kept)) continue;
    kept.push(r);
    const pl = r.locations?.[0]?.physicalLocation;
    const base = baseHash(tool, r.ruleId ?? r.rule?.id ?? '', pl?.artifactLocation?.uri ?? '', textOf(r, linesOf));
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    // A result whose secret ossast masked earlier no longer holds the text its fingerprint came from: keep that one.
    const earlier = keepMasked && r.properties?.['ossast/secret-masked'] === true ? r.partialFingerprints?.[FINGERPRINT_KEY] : undefined;
    const props = fingerprintProps(earlier ?? `${base}:${k}`);
    r.partialFingerprints = r.partialFingerprints ? { ...r.partialFingerprints, ...props } : props;
  }
  return kept;
}

/** Whether r is a finding already kept: same rule, file, region and message. Such results are next to each other in position order. */
function repeats(r: Result, kept: Result[]): boolean {
  const pl = r.locations?.[0]?.physicalLocation;
  const g = pl?.region;
  for (let j = kept.length - 1; j >= 0; j--) {
    const k = kept[j]!;
    const kpl = k.locations?.[0]?.physicalLocation;
    const kg = kpl?.region;
    if (kpl?.artifactLocation?.uri !== pl?.artifactLocation?.uri || kg?.startLine !== g?.startLine || kg?.startColumn !== g?.startColumn || k.ruleId !== r.ruleId) return false;
    if (kg?.endLine === g?.endLine && kg?.endColumn === g?.endColumn && (k.message.text ?? '') === (r.message.text ?? '')) return true;
  }
  return false;
}
