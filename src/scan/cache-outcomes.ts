// A scanner run's output split into one outcome per file (its path replaced by a placeholder), and put back together.
import type { Notification } from 'sarif';
import type { SkippedFile, ToolNotification } from './types.js';
import { FILE_PLACEHOLDER, fileOutcomeSchema, type FileOutcome } from './cache-entries.js';

type Result = FileOutcome['results'][number];

/** The file-dependent parts of one scanner run, as ossast keeps them. */
export interface RunPieces {
  results: Result[];
  /** The tool's own SARIF toolExecutionNotifications. */
  toolNotifications: Notification[];
  notifications: ToolNotification[];
  skipped: SkippedFile[];
  scannedFiles: string[];
}

export const emptyPieces = (): RunPieces => ({ results: [], toolNotifications: [], notifications: [], skipped: [], scannedFiles: [] });
const emptyOutcome = (): FileOutcome => ({ scanned: false, skipped: [], notifications: [], toolNotifications: [], results: [] });

/** Every artifactLocation.uri equal to `from` set to `to`, anywhere in a JSON value, in place. */
function moveUris(value: unknown, from: string, to: string): void {
  if (Array.isArray(value)) {
    for (const v of value) moveUris(v, from, to);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'artifactLocation' && v !== null && typeof v === 'object' && 'uri' in v && v.uri === from) v.uri = to;
      else moveUris(v, from, to);
    }
  }
}

/** The artifact URIs a result names (its locations, related locations, code flows...). */
function urisOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) urisOf(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'artifactLocation' && v !== null && typeof v === 'object' && 'uri' in v && typeof v.uri === 'string') into.add(v.uri);
      else urisOf(v, into);
    }
  }
  return into;
}

const swap = (text: string, from: string, to: string) => text.split(from).join(to);

/**
 * Splits a run's pieces by file, for the files in `files` (relative paths): each file's results (all of whose
 * locations are in that file), notifications, skips and whether it was scanned, its path replaced by
 * FILE_PLACEHOLDER. What belongs to no single file of `files` is returned as `rest` (kept, never cached).
 * A SARIF notification without a location belongs to a file when its text names exactly one file that the tool's
 * error list names.
 */
export function splitByFile(p: RunPieces, files: readonly string[]): { byFile: Map<string, FileOutcome>; rest: RunPieces } {
  const byFile = new Map<string, FileOutcome>(files.map((f) => [f, emptyOutcome()]));
  const rest = emptyPieces();
  for (const r of p.results) {
    const uris = urisOf(r, new Set());
    const [only] = uris;
    const out = uris.size === 1 && only !== undefined ? byFile.get(only) : undefined;
    if (!out || only === undefined) {
      rest.results.push(r);
      continue;
    }
    const copy = structuredClone(r);
    moveUris(copy, only, FILE_PLACEHOLDER);
    out.results.push(copy);
  }
  for (const n of p.notifications) {
    const out = n.uri === undefined ? undefined : byFile.get(n.uri);
    if (!out || n.uri === undefined) rest.notifications.push(n);
    else out.notifications.push({ level: n.level, message: swap(n.message, n.uri, FILE_PLACEHOLDER), ...(n.descriptor ? { descriptor: n.descriptor } : {}) });
  }
  const named = [...new Set(p.notifications.flatMap((n) => (n.uri !== undefined && byFile.has(n.uri) ? [n.uri] : [])))];
  for (const n of p.toolNotifications) {
    const text = n.message.text ?? '';
    const hits = n.locations === undefined ? named.filter((f) => text.includes(f)) : [];
    const out = hits.length === 1 ? byFile.get(hits[0]!) : undefined;
    if (!out) rest.toolNotifications.push(n);
    else out.toolNotifications.push({ ...structuredClone(n), message: { ...n.message, text: swap(text, hits[0]!, FILE_PLACEHOLDER) } });
  }
  for (const s of p.skipped) {
    const out = byFile.get(s.path);
    if (out) out.skipped.push(swap(s.reason, s.path, FILE_PLACEHOLDER));
    else rest.skipped.push(s);
  }
  for (const f of p.scannedFiles) {
    const out = byFile.get(f);
    if (out) out.scanned = true;
    else rest.scannedFiles.push(f);
  }
  // In the shape (and key order) an outcome has when read back from the cache, so fresh and cached look the same
  // (an outcome with nothing in it already has that shape).
  for (const [f, o] of byFile) if (o.results.length + o.notifications.length + o.toolNotifications.length > 0) byFile.set(f, fileOutcomeSchema.parse(o));
  return { byFile, rest };
}

/** `rest` first, then each file's outcome (in the order given) rebased to its path: the pieces of one run. */
export function assemble(rest: RunPieces, outcomes: Iterable<[path: string, outcome: FileOutcome]>): RunPieces {
  const p: RunPieces = { results: [...rest.results], toolNotifications: [...rest.toolNotifications], notifications: [...rest.notifications], skipped: [...rest.skipped], scannedFiles: [...rest.scannedFiles] };
  for (const [path, o] of outcomes) {
    for (const r of o.results) {
      const copy = structuredClone(r);
      moveUris(copy, FILE_PLACEHOLDER, path);
      p.results.push(copy);
    }
    for (const n of o.toolNotifications) p.toolNotifications.push({ ...structuredClone(n), message: { ...n.message, text: swap(n.message.text, FILE_PLACEHOLDER, path) } });
    for (const n of o.notifications) p.notifications.push({ ...n, message: swap(n.message, FILE_PLACEHOLDER, path), uri: path });
    for (const reason of o.skipped) p.skipped.push({ path, reason: swap(reason, FILE_PLACEHOLDER, path) });
    if (o.scanned) p.scannedFiles.push(path);
  }
  return p;
}
