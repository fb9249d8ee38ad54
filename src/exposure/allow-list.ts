// Reads and validates exposure allow-lists (the built-in list of platform endpoints first), keeping each entry's file and line.
import { join } from 'node:path';
import { loadEntryFiles, parseEntryFile } from '../util/entry-files.js';
import { packageRoot } from '../util/version.js';
import { isExpired } from '../util/date.js';
import { globMatcher } from '../util/glob.js';
import { allowListFileSchema, type AllowEntry } from './allow-schema.js';

export interface LoadedAllowEntry extends AllowEntry {
  file: string;
  line?: number;
}

export interface AllowList {
  files: { path: string; sha256: string; builtin: boolean }[];
  entries: LoadedAllowEntry[];
}

export const BUILTIN_ALLOW_DISPLAY = 'ossast:config/exposure/platform-allow.yml';
export const builtinAllowFile = (): string => join(packageRoot(), 'config', 'exposure', 'platform-allow.yml');

export async function loadAllowLists(paths: string[], opts: { builtin: boolean }): Promise<AllowList> {
  return loadEntryFiles(
    { what: 'allow-list file', idOf: 'allow-list', pathHint: 'fix the path given with --allow or under exposure.allow in the config', builtinPath: builtinAllowFile, builtinDisplay: BUILTIN_ALLOW_DISPLAY, parse: parseAllowListFile },
    paths,
    opts,
  );
}

/** Validates one file's text; errors list every problem with file, line and dot-path. */
export function parseAllowListFile(text: string, file: string): (AllowEntry & { line?: number })[] {
  return parseEntryFile(text, file, {
    schema: allowListFileSchema,
    key: 'allow',
    entries: (d) => d.allow,
    what: 'allow-list file',
    schemaFile: 'config/allow-list.schema.json',
    needs: 'each entry needs id, endpoint (a glob on <Module>.<Interface>), justification and owner',
  });
}

/**
 * A matcher per entry. The glob is translated to an RE2 pattern (matched in linear time: a hostile `*a*a*a…b` cannot
 * stall the run, as it would a backtracking engine): `**` any text, `*` any text within one part (no "."), `?` one
 * character other than ".", everything else literal. Case-sensitive, whole name.
 */
export function allowMatcher(entry: AllowEntry): (name: string) => boolean {
  return globMatcher([entry.endpoint], { separator: '.' });
}

/** Entries in force on `now`; expired ones allow nothing and are returned apart (reported as warnings). */
export function splitExpired(list: AllowList, now: Date): { active: LoadedAllowEntry[]; expired: LoadedAllowEntry[] } {
  const active: LoadedAllowEntry[] = [];
  const expired: LoadedAllowEntry[] = [];
  for (const e of list.entries) (e.expires && isExpired(e.expires, now) ? expired : active).push(e);
  return { active, expired };
}
