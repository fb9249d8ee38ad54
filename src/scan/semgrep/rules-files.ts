// Resolves the Semgrep rule paths to use (bundled pack + user files), refusing network sources, and hashes them.
import { readdir, stat } from 'node:fs/promises';
import { FileRefused, readRegularFile } from '../../util/read-file.js';
import { sha256Hex } from '../../util/hash.js';

/** A rule file over this is refused (the bundled pack's files are a few hundred KB). */
export const MAX_RULE_FILE_BYTES = 64 * 1024 ** 2;
import { join, relative } from 'node:path';
import { ConfigError } from '../../util/errors.js';
import { packageRoot } from '../../util/version.js';
import type { RuleFile } from '../types.js';

export const bundledRulesDir = (): string => join(packageRoot(), 'scanners', 'semgrep', 'rules');

const isRegistryRef = (p: string) => /^(p|r|s)\/|^auto$|^https?:\/\//.test(p);

/** The --config arguments, in order, and every YAML rule file behind them with its SHA-256 (and its path on disk);
 *  `registry` when some rules come from the network (they cannot be hashed). */
export async function resolveRules(opts: { bundled: boolean; rules: string[]; allowRegistry: boolean }): Promise<{ configs: string[]; files: RuleFile[]; paths: string[]; registry: boolean }> {
  const configs: string[] = [];
  if (opts.bundled) configs.push(bundledRulesDir());
  for (const r of opts.rules) {
    if (isRegistryRef(r)) {
      if (!opts.allowRegistry) {
        throw new ConfigError(
          `semgrep rules "${r}" come from the network (Semgrep registry or URL); ossast runs Semgrep offline with local rule files only`,
          'download the rules once into a file you review and commit, and list that file; or set allowRegistry: true on the semgrep scanner if you accept network access',
        );
      }
      configs.push(r);
      continue;
    }
    try {
      await stat(r);
    } catch {
      throw new ConfigError(`semgrep rules path ${r} does not exist`, 'fix the path under scanners[].rules or --rules (relative paths are resolved against the config file or the current folder)');
    }
    configs.push(r);
  }
  const files: RuleFile[] = [];
  const paths: string[] = [];
  for (const c of configs) {
    if (isRegistryRef(c)) continue;
    for (const f of await yamlFiles(c)) {
      const bytes = await readRegularFile(f, { maxBytes: MAX_RULE_FILE_BYTES }).catch((err: unknown) => {
        throw new ConfigError(`semgrep rules: ${err instanceof FileRefused ? err.message : `cannot read ${f}: ${String(err)}`}`, 'fix the path under scanners[].rules or --rules: rules are regular YAML files');
      });
      const sha256 = sha256Hex(bytes);
      files.push({ path: displayPath(f), sha256 });
      paths.push(f);
    }
  }
  return { configs, files, paths, registry: configs.some(isRegistryRef) };
}

async function yamlFiles(path: string): Promise<string[]> {
  const s = await stat(path);
  if (s.isFile()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Bundled rules are shown relative to the ossast package, user rules as absolute paths. */
function displayPath(file: string): string {
  const rel = relative(packageRoot(), file);
  return rel.startsWith('..') ? file : `ossast:${rel.split('\\').join('/')}`;
}
