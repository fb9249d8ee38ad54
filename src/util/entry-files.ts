// Files of entries with ids (suppression files, allow-lists): the built-in file first, each read bounded and
// validated with lines by its own parser, ids unique across every file; each file's SHA-256 kept for evidence.
import type { z } from 'zod';
import { readYamlFile } from './yaml-file.js';
import { loadYaml, parseYaml } from './yaml.js';
import { formatIssues } from './zod-issues.js';
import { ConfigError } from './errors.js';

export interface EntryFileKind<E extends { id: string }> {
  /** "suppression file", "allow-list file": for messages. */
  what: string;
  /** "suppression", "allow-list": the id's owner in the duplicate message. */
  idOf: string;
  /** What to fix when a file cannot be read. */
  pathHint: string;
  builtinPath: () => string;
  /** How the built-in file is named in records (not a path on the user's machine). */
  builtinDisplay: string;
  /** Validates one file's text; throws ConfigError listing every problem with file and line. */
  parse: (text: string, file: string) => (E & { line?: number })[];
}

export interface LoadedEntries<E> {
  files: { path: string; sha256: string; builtin: boolean }[];
  entries: (E & { file: string; line?: number })[];
}

export async function loadEntryFiles<E extends { id: string }>(kind: EntryFileKind<E>, paths: string[], opts: { builtin: boolean }): Promise<LoadedEntries<E>> {
  const loaded: LoadedEntries<E> = { files: [], entries: [] };
  const all = [...(opts.builtin ? [{ path: kind.builtinPath(), builtin: true }] : []), ...paths.map((path) => ({ path, builtin: false }))];
  const seen = new Map<string, { file: string; line?: number }>();
  for (const { path, builtin } of all) {
    const { text, sha256 } = await readYamlFile(path, path, { what: kind.what, hint: kind.pathHint });
    const display = builtin ? kind.builtinDisplay : path;
    await loadYaml();
    const valid = kind.parse(text, path);
    const entries = valid.map((e) => ({ ...e, file: display }));
    for (const e of entries) {
      const dup = seen.get(e.id);
      if (dup) throw new ConfigError(`${path}${e.line ? `:${e.line}` : ''}: ${kind.idOf} id "${e.id}" is already used in ${dup.file}${dup.line ? `:${dup.line}` : ''}`, `give every ${kind.idOf} entry its own id`);
      seen.set(e.id, { file: e.file, ...(e.line ? { line: e.line } : {}) });
    }
    loaded.entries.push(...entries);
    loaded.files.push({ path: display, sha256, builtin });
  }
  return loaded;
}

export interface EntryFileFormat<T, E> {
  schema: z.ZodType<T>;
  /** The top-level key holding the entries ("suppressions", "allow"), for line numbers. */
  key: string;
  entries: (data: T) => E[];
  /** "suppression file": the message says "invalid suppression file". */
  what: string;
  /** Its JSON Schema in config/, named in messages. */
  schemaFile: string;
  /** What each entry needs, for the hint. */
  needs: string;
}

/** Validates one file's text; errors list every problem with file, line and dot-path. Each entry keeps its line. */
export function parseEntryFile<T, E extends object>(text: string, file: string, format: EntryFileFormat<T, E>): (E & { line?: number })[] {
  const doc = parseYaml(text, file);
  const parsed = format.schema.safeParse(doc.data);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues, file, doc.lineOf, doc.data, format.schemaFile);
    throw new ConfigError(`invalid ${format.what}:\n  ${lines.join('\n  ')}`, `${format.needs}; see ${format.schemaFile}`);
  }
  return format.entries(parsed.data).map((e, i) => {
    const line = doc.lineOf([format.key, i]);
    const at: { line?: number } = line === undefined ? {} : { line };
    return { ...e, ...at };
  });
}
