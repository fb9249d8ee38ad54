// Reads and validates suppression files (the built-in list first), keeping each entry's file and line for reports.
import { join } from 'node:path';
import { loadEntryFiles, parseEntryFile } from '../config/entry-files.js';
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
/** The built-in list as the build validated it (scripts/bundle.mjs). */
export const builtinSuppressionsPrecompiled = (): string => join(packageRoot(), 'dist', 'builtin', 'outsystems-generated.json');

export async function loadSuppressionFiles(paths: string[], opts: { builtin: boolean }): Promise<SuppressionSet> {
  return loadEntryFiles(
    { what: 'suppression file', idOf: 'suppression', pathHint: 'fix the path given with --suppressions or under suppressions.files in the config', builtinPath: builtinSuppressionsFile, builtinPrecompiled: builtinSuppressionsPrecompiled, builtinDisplay: 'ossast:config/suppressions/outsystems-generated.yml', parse: parseSuppressionFile },
    paths,
    opts,
  );
}

/** Validates one file's text; errors list every problem with file, line and dot-path. */
export function parseSuppressionFile(text: string, file: string): (SuppressionEntry & { line?: number })[] {
  return parseEntryFile(text, file, { schema: suppressionFileSchema, key: 'suppressions', entries: (d) => d.suppressions, what: 'suppression file', schemaFile: 'config/suppressions.schema.json', needs: 'each entry needs id, match (at least one criterion) and justification' });
}
