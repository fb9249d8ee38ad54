// The inventory's I/O edge: lists the files of a module that can declare endpoints and reads them, bounded, never following links.
import { readdir } from 'node:fs/promises';
import { FileRefused, readRegularFile } from '../util/read-file.js';
import { join, relative, sep } from 'node:path';

/** What each kind of file is read for. */
export type EndpointFileKind = 'asmx' | 'asmx-code-behind' | 'controller' | 'swagger' | 'client-script';

export interface InventoryLimits {
  /** Files larger than this are skipped (generated files that declare endpoints are far smaller). */
  maxFileBytes: number;
  /** Total bytes read over one inventory; files past it are skipped. */
  maxTotalBytes: number;
  /** Directory entries walked per module. */
  maxEntries: number;
  /** Folder depth walked below a module folder. */
  maxDepth: number;
}

export const defaultInventoryLimits: InventoryLimits = {
  maxFileBytes: 4 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntries: 200_000,
  maxDepth: 32,
};

export interface EndpointFile {
  kind: EndpointFileKind;
  /** Absolute path. */
  abs: string;
  /** Path relative to the source root, "/"-separated (as it appears in the inventory). */
  rel: string;
  /** File name. */
  name: string;
}

/** C0 and C1 control characters and DEL: a path holding one is never put into the inventory or a message as it is. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Which files can declare endpoints, by name (case-insensitive): SOAP services, REST controllers and their swagger documents, client scripts. */
export function classifyFile(name: string, relInModule: string): EndpointFileKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.asmx')) return 'asmx';
  if (lower.endsWith('.asmx.cs')) return 'asmx-code-behind';
  if (lower.endsWith('controller.cs')) return 'controller';
  if (lower.endsWith('swagger.json')) return 'swagger';
  // Reactive and Mobile client scripts: <Module>.<Flow>.<Screen>.mvc.js and the controllers, optionally with a cache-busting suffix.
  if (/\.(mvc|controller)(__[A-Za-z0-9_-]{1,64})?\.js$/i.test(name) && relInModule.split('/').some((s) => s.toLowerCase() === 'scripts')) return 'client-script';
  return undefined;
}

export interface WalkResult {
  files: EndpointFile[];
  /** The swagger-ui bundle (`shred.bundle.js`) every module that exposes REST ships, when present: a sign of REST without naming the API. */
  restSign?: string;
  /** Things skipped, one line each, for the log. */
  notes: string[];
}

/** Lists a module folder's endpoint files (regular files only: links, FIFOs and devices are neither followed nor opened), sorted by path. */
export async function endpointFiles(sourceRoot: string, moduleDir: string, limits: InventoryLimits): Promise<WalkResult> {
  const files: EndpointFile[] = [];
  const notes: string[] = [];
  let restSign: string | undefined;
  let entries = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let list;
    try {
      list = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      notes.push(`${JSON.stringify(relative(sourceRoot, dir).split(sep).join('/'))}: folder not readable (${errorCode(err)}); its endpoints are not listed`);
      return;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of list) {
      if (++entries > limits.maxEntries) {
        if (entries === limits.maxEntries + 1) notes.push(`${JSON.stringify(relative(sourceRoot, moduleDir).split(sep).join('/'))}: more than ${limits.maxEntries} entries; the rest are not inventoried`);
        return;
      }
      const abs = join(dir, d.name);
      const rel = relative(sourceRoot, abs).split(sep).join('/');
      if (d.isDirectory()) {
        if (depth >= limits.maxDepth) {
          notes.push(`${JSON.stringify(rel)}: deeper than ${limits.maxDepth} folders; not inventoried`);
          continue;
        }
        await walk(abs, depth + 1);
        continue;
      }
      if (!d.isFile()) continue;
      if (d.name.toLowerCase() === 'shred.bundle.js' && restSign === undefined && !CONTROL.test(rel)) restSign = rel;
      const kind = classifyFile(d.name, relative(moduleDir, abs).split(sep).join('/'));
      if (!kind) continue;
      if (CONTROL.test(rel)) {
        notes.push(`${JSON.stringify(rel)}: the path holds control characters; skipped`);
        continue;
      }
      files.push({ kind, abs, rel, name: d.name });
    }
  };
  await walk(moduleDir, 0);
  return { files, notes, ...(restSign !== undefined ? { restSign } : {}) };
}

/** The errno code of a failed file operation ("ENOENT", "EACCES"…), or "error". */
export function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
}

export type ReadOutcome = { ok: true; text: string; bytes: number } | { ok: false; reason: string };

/** Reads one file as UTF-8 text: without following a link, refusing files over the limit and binary files (a NUL byte). */
export async function readEndpointFile(abs: string, maxBytes: number): Promise<ReadOutcome> {
  let data: Buffer;
  try {
    data = await readRegularFile(abs, { maxBytes, noFollow: true });
  } catch (err) {
    if (!(err instanceof FileRefused)) return { ok: false, reason: `not readable (${errorCode(err)})` };
    if (err.why === 'not-a-file') return { ok: false, reason: 'not a regular file' };
    if (err.why === 'too-large') return { ok: false, reason: err.bytes === undefined ? `grew past the ${maxBytes}-byte limit while read` : `${err.bytes} bytes, over the ${maxBytes}-byte limit for files that declare endpoints` };
    return { ok: false, reason: `not readable (${err.code ?? 'error'})` };
  }
  if (data.includes(0)) return { ok: false, reason: 'binary (holds NUL bytes)' };
  return { ok: true, text: data.toString('utf8'), bytes: data.length };
}
