// Rewrites a tool's artifact locations to paths relative to the source root (uriBaseId SRCROOT), for logs written on Linux or Windows.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep, win32 } from 'node:path';
import type { SourceTarget } from './targets.js';

/** A Windows absolute path: a drive letter (C:\ or C:/) or a UNC share (\\server\share). */
const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\[^\\/])/;

/** Whether a path is a Windows absolute path (kept as written by `merge --source-root`: resolving it on Linux would mangle it). */
export function isWindowsPath(path: string): boolean {
  return WINDOWS_ABSOLUTE.test(path);
}

/** The file:// URI of the source root (for originalUriBaseIds), ending in "/"; a Windows root gives file:///C:/... */
export function rootUri(sourceRoot: string): string {
  if (isWindowsPath(sourceRoot)) {
    const p = sourceRoot.replace(/\\/g, '/').replace(/\/?$/, '/');
    // Each segment percent-encoded as pathToFileURL would; a UNC root (//server/share) keeps its host.
    const encoded = p
      .split('/')
      .map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s)))
      .join('/');
    return p.startsWith('//') ? `file:${encoded}` : `file:///${encoded}`;
  }
  return pathToFileURL(sourceRoot.endsWith('/') ? sourceRoot : `${sourceRoot}/`).href;
}

/** The absolute path a file: URI names, as a Windows path (C:\..., \\server\...) or a POSIX one; undefined when it is not one. */
function fileUriPath(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const path = safeDecode(url.pathname);
  // file:///C:/x and file:/C:/x (Windows drive), file://server/share/x (UNC).
  if (/^\/[A-Za-z]:(\/|$)/.test(path)) return path.slice(1).replace(/\//g, '\\');
  if (url.host && url.host !== 'localhost') return `\\\\${url.host}${path.replace(/\//g, '\\')}`;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The "/"-separated path of `uri` relative to sourceRoot, or undefined when it points outside it. Logs written on
 * Windows are read as they are meant: file:///C:/..., C:\... and backslashes in relative paths, against a Windows
 * source root (compared without regard to case, as Windows does); the result is the same path as on Linux.
 */
export function relativeUri(uri: string, uriBaseId: string | undefined, sourceRoot: string): string | undefined {
  let path: string | undefined;
  if (uri.startsWith('file:')) {
    path = fileUriPath(uri);
    if (path === undefined) return undefined;
  } else if (isWindowsPath(uri) || isAbsolute(uri)) {
    path = uri;
  } else {
    // Relative: tools run with cwd = sourceRoot, and Semgrep says so with uriBaseId "%SRCROOT%". Windows tools write "\".
    const clean = safeDecode(uri)
      .replace(/\\/g, '/')
      .replace(/^(\.\/)+/, '');
    if (clean.split('/').includes('..') || clean.startsWith('/') || isWindowsPath(clean)) return undefined;
    void uriBaseId;
    return clean;
  }
  if (isWindowsPath(path) !== isWindowsPath(sourceRoot)) return undefined;
  if (isWindowsPath(path)) {
    const rel = win32.relative(sourceRoot, path);
    if (!rel || rel.startsWith('..') || win32.isAbsolute(rel)) return undefined;
    return rel.split('\\').join('/');
  }
  const rel = relative(sourceRoot, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Finds the target a path belongs to (longest id prefix wins). */
export function targetFinder(sourceRoot: string, targets: SourceTarget[]): (relPath: string) => SourceTarget | undefined {
  const byId = targets.map((t) => ({ t, prefix: (relative(sourceRoot, t.dir).split(sep).join('/') || '.') + '/' })).sort((a, b) => b.prefix.length - a.prefix.length);
  return (relPath) => byId.find(({ prefix }) => prefix === './' || relPath.startsWith(prefix))?.t;
}
