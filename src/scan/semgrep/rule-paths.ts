// The path patterns (`paths: include/exclude`) of every Semgrep rule in the rule files, for the result cache's keys.
import { readRegularFile } from '../../util/read-file.js';
import { MAX_RULE_FILE_BYTES } from './rules-files.js';
import * as z from 'zod';
import { loadYaml } from '../../util/yaml.js';

const patterns = z.union([z.string(), z.array(z.string())]).optional();
const ruleFileSchema = z.looseObject({
  rules: z.array(z.looseObject({ paths: z.looseObject({ include: patterns, exclude: patterns }).optional() })).default([]),
});

const list = (p: string | string[] | undefined) => (p === undefined ? [] : typeof p === 'string' ? [p] : p);

/** Every include/exclude pattern of every rule, sorted and unique; undefined when a file cannot be read as rules
 *  (Semgrep then fails on it, and nothing of the run is cached). */
export async function rulePathPatterns(files: readonly string[]): Promise<string[] | undefined> {
  const all = new Set<string>();
  const { parse } = await loadYaml();
  for (const f of files) {
    let doc: unknown;
    try {
      doc = parse((await readRegularFile(f, { maxBytes: MAX_RULE_FILE_BYTES })).toString('utf8'));
    } catch {
      return undefined;
    }
    const parsed = ruleFileSchema.safeParse(doc ?? {});
    if (!parsed.success) return undefined;
    for (const r of parsed.data.rules) for (const p of [...list(r.paths?.include), ...list(r.paths?.exclude)]) all.add(p);
  }
  return [...all].sort();
}
