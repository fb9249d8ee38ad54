// Reads and validates suppression files (the built-in list first), keeping each entry's file and line for reports.
import { join } from 'node:path';
import { loadEntryFiles, parseEntryFile } from '../util/entry-files.js';
import { packageRoot } from '../util/version.js';
import { suppressionFileSchema, type SuppressionEntry } from './schema.js';
import { ConfigError } from '../util/errors.js';

export interface LoadedEntry extends SuppressionEntry {
  file: string;
  line?: number;
}

export interface SuppressionSet {
  files: { path: string; sha256: string; builtin: boolean }[];
  entries: LoadedEntry[];
}

export const builtinSuppressionsFile = (): string => join(packageRoot(), 'config', 'suppressions', 'outsystems-generated.yml');

export async function loadSuppressionFiles(paths: string[], opts: { builtin: boolean }): Promise<SuppressionSet> {
  const set = await loadEntryFiles(
    {
      what: 'suppression file',
      idOf: 'suppression',
      pathHint: 'fix the path given with --suppressions or under suppressions.files in the config',
      builtinPath: builtinSuppressionsFile,
      builtinDisplay: 'ossast:config/suppressions/outsystems-generated.yml',
      parse: parseSuppressionFile,
    },
    paths,
    opts,
  );
  const problems = reviewProblems(set);
  if (problems.length) throw new ConfigError(`invalid suppression file:\n  ${problems.join('\n  ')}`, 'see config/suppressions.schema.json and docs/platform-ownership.md');
  return set;
}

/**
 * Rules that depend on whose file an entry is in. A team's broad entry (broad: true) must expire, so it is reviewed
 * again. Every built-in entry must require the platform-ownership verdict (platformOwned: true): the built-in list
 * never suppresses by path alone. (The built-in list's broad entry is bounded by that verdict and reviewed with each release.)
 */
export function reviewProblems(set: SuppressionSet): string[] {
  const builtin = new Set(set.files.filter((f) => f.builtin).map((f) => f.path));
  const index = new Map<string, number>();
  const problems: string[] = [];
  for (const e of set.entries) {
    const i = index.get(e.file) ?? 0;
    index.set(e.file, i + 1);
    const at = (field: string) => `${e.file}${e.line ? `:${e.line}` : ''}: suppressions.${i}.${field}`;
    if (builtin.has(e.file)) {
      if (e.match.platformOwned !== true) problems.push(`${at('match.platformOwned')}: a built-in entry must require platform ownership read from the file's content (platformOwned: true), never a path alone`);
    } else if (e.broad && !e.expires) {
      problems.push(`${at('expires')}: entry "${e.id}" says broad: true, so it needs expires (YYYY-MM-DD), the day it is reviewed again`);
    }
  }
  return problems;
}

/** Validates one file's text; errors list every problem with file, line and dot-path. */
export function parseSuppressionFile(text: string, file: string): (SuppressionEntry & { line?: number })[] {
  return parseEntryFile(text, file, {
    schema: suppressionFileSchema,
    key: 'suppressions',
    entries: (d) => d.suppressions,
    what: 'suppression file',
    schemaFile: 'config/suppressions.schema.json',
    needs: 'each entry needs id, match (at least one criterion) and justification',
  });
}
