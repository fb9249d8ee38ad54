// What a cached file outcome is keyed by: the file's content, the parts of its path a scanner's result can depend on, the run.
import { readRegularFile } from '../util/read-file.js';
import { posix } from 'node:path';
import { globMatcher } from '../util/glob.js';
import { sha256File, sha256Hex } from '../util/hash.js';

/** Files up to this size are hashed in one read; larger ones are streamed. */
const READ_WHOLE_BYTES = 16 * 1024 ** 2;

/** SHA-256 of a file's bytes. */
export async function contentHash(file: string): Promise<string> {
  // Read whole when small (one read), streamed when the read goes past READ_WHOLE_BYTES.
  const bytes = await readRegularFile(file, { maxBytes: READ_WHOLE_BYTES }).catch((err: unknown) => {
    if (err instanceof Error && 'why' in err && err.why === 'too-large') return undefined;
    throw err;
  });
  if (!bytes) return sha256File(file);
  return sha256Hex(bytes);
}

/**
 * The parts of a file's path that a result can depend on, given the path patterns of the rules (Semgrep's
 * `paths: include/exclude`, gitignore-style globs). The file name always counts (tools pick a language by its
 * extension). A pattern without a "/" matches a file name or any folder name on the path, so for each such pattern
 * whether one of the folders matches is part of the signature; a pattern with a "/" inside can depend on the whole
 * path, and then the whole path is the signature. Files with equal content and signature get the same outcome, which
 * lets identical files in different modules share one scan.
 */
export function pathSignature(patterns: readonly string[]): (relPath: string) => string {
  const bare = patterns.map((p) => p.replace(/^!/, '').replace(/\/+$/, ''));
  // A "/" inside, or glob syntax beyond * ? [..] {..} (extglobs such as +(..)): the whole path is the signature, so a
  // pattern ossast reads differently from Semgrep can never make two files share an outcome they should not.
  if (bare.some((p) => p.includes('/') || /[()!+@]/.test(p))) return (relPath) => `path:${relPath}`;
  // Rule files are user input: patterns are matched as RE2 (linear time), never by a backtracking glob engine.
  const matchers = bare.map((p) => globMatcher(p, { separator: '/' }));
  return (relPath) => {
    const folders = posix
      .dirname(relPath)
      .split('/')
      .filter((d) => d !== '.');
    return `name:${posix.basename(relPath)}|${matchers.map((m) => (folders.some((d) => m(d)) ? '1' : '0')).join('')}`;
  };
}
