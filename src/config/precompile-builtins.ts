// Build step (scripts/bundle.mjs): validates the built-in suppression list and allow-list with the parsers a run uses
// and writes their entries as JSON beside the bundle, keyed by the SHA-256 of the YAML parsed. A run reads that JSON
// instead of parsing and validating the YAML again (about 30 ms of a small scan's CPU), only when the installed YAML
// still has those bytes (src/util/entry-files.ts).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { PrecompiledEntryFile } from '../util/entry-files.js';
import { builtinSuppressionsFile, builtinSuppressionsPrecompiled, parseSuppressionFile } from '../suppress/load.js';
import { builtinAllowFile, builtinAllowPrecompiled, parseAllowListFile } from '../exposure/allow-list.js';

type Parse = (text: string, file: string) => object[];

/** Writes each built-in file's precompiled entries; a file that does not validate stops the build with its errors. */
export function precompileBuiltins(): string[] {
  const built: [string, string, Parse][] = [
    [builtinSuppressionsFile(), builtinSuppressionsPrecompiled(), parseSuppressionFile],
    [builtinAllowFile(), builtinAllowPrecompiled(), parseAllowListFile],
  ];
  return built.map(([source, target, parse]) => {
    const bytes = readFileSync(source);
    const data: PrecompiledEntryFile<object> = { sourceSha256: createHash('sha256').update(bytes).digest('hex'), entries: parse(bytes.toString('utf8'), source) };
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.${process.pid}`, `${JSON.stringify(data)}\n`);
    renameSync(`${target}.${process.pid}`, target);
    return target;
  });
}
