// Reads and validates suppression files (the built-in list first), keeping each entry's file and line for reports.
import { join } from 'node:path';
import { parseYaml } from '../config/yaml.js';
import { readYamlFile } from '../config/read.js';
import { formatIssues } from '../config/issues.js';
import { ConfigError } from '../util/errors.js';
import { packageRoot } from '../util/version.js';
import { suppressionFileSchema, type SuppressionEntry } from './schema.js';

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
  const set: SuppressionSet = { files: [], entries: [] };
  const all = [...(opts.builtin ? [{ path: builtinSuppressionsFile(), builtin: true }] : []), ...paths.map((path) => ({ path, builtin: false }))];
  const seen = new Map<string, LoadedEntry>();
  for (const { path, builtin } of all) {
    const { text, sha256 } = await readYamlFile(path, path, { what: 'suppression file', hint: 'fix the path given with --suppressions or under suppressions.files in the config' });
    const display = builtin ? 'ossast:config/suppressions/outsystems-generated.yml' : path;
    const entries = parseSuppressionFile(text, path).map((e) => ({ ...e, file: display }));
    for (const e of entries) {
      const dup = seen.get(e.id);
      if (dup) throw new ConfigError(`${path}${e.line ? `:${e.line}` : ''}: suppression id "${e.id}" is already used in ${dup.file}`, 'give every suppression entry its own id');
      seen.set(e.id, e);
    }
    set.entries.push(...entries);
    set.files.push({ path: display, sha256, builtin });
  }
  return set;
}

/** Validates one file's text; errors list every problem with file, line and dot-path. */
export function parseSuppressionFile(text: string, file: string): (SuppressionEntry & { line?: number })[] {
  const doc = parseYaml(text, file);
  const parsed = suppressionFileSchema.safeParse(doc.data);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues, file, doc.lineOf, doc.data, 'config/suppressions.schema.json');
    throw new ConfigError(`invalid suppression file:\n  ${lines.join('\n  ')}`, 'each entry needs id, match (at least one criterion) and justification; see config/suppressions.schema.json');
  }
  return parsed.data.suppressions.map((e, i) => {
    const line = doc.lineOf(['suppressions', i]);
    return line === undefined ? e : { ...e, line };
  });
}
