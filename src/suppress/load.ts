// Reads and validates suppression files (the built-in list first), keeping each entry's file and line for reports.
import { join } from 'node:path';
import { parseYaml } from '../config/yaml.js';
import { loadEntryFiles } from '../config/entry-files.js';
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
  return loadEntryFiles(
    { what: 'suppression file', idOf: 'suppression', pathHint: 'fix the path given with --suppressions or under suppressions.files in the config', builtinPath: builtinSuppressionsFile, builtinDisplay: 'ossast:config/suppressions/outsystems-generated.yml', parse: parseSuppressionFile },
    paths,
    opts,
  );
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
