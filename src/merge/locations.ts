// Rewrites a tool's artifact locations to paths relative to the source root (uriBaseId SRCROOT).
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { SourceTarget } from '../extract/types.js';

/** The "/"-separated path of `uri` relative to sourceRoot, or undefined when it points outside it. */
export function relativeUri(uri: string, uriBaseId: string | undefined, sourceRoot: string): string | undefined {
  let path: string;
  if (uri.startsWith('file:')) {
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
  } else if (isAbsolute(uri)) {
    path = uri;
  } else {
    // Relative: tools run with cwd = sourceRoot, and Semgrep says so with uriBaseId "%SRCROOT%".
    const clean = safeDecode(uri).replace(/^\.\//, '');
    if (clean.split('/').includes('..')) return undefined;
    void uriBaseId;
    return clean;
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
  const byId = targets
    .map((t) => ({ t, prefix: (relative(sourceRoot, t.dir).split(sep).join('/') || '.') + '/' }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (relPath) => byId.find(({ prefix }) => prefix === './' || relPath.startsWith(prefix))?.t;
}
