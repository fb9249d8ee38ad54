// The names of a run's outputs in the output folder: every name a run can write, the rule a chosen name follows, and
// how the log and the manifest name each other.
import { posix } from 'node:path';
import type { OutputFormat } from './config.js';
import { MANIFEST_FILE, SARIF_FILE } from './manifest.js';

/** Every name a run can write in the output folder; those this run does not write are removed (they are a previous run's). */
export const OUTPUT_NAMES = [
  'results.sarif',
  'github',
  'manifest.json',
  'summary.md',
  'report.html',
  'junit.xml',
  'exposure.json',
  'gl-sast-report.json',
  'gl-code-quality-report.json',
  'evidence.dsse.json',
  'sbom',
  'vex.cdx.json',
  'defectdojo.json',
] as const;

/** A plain relative name: parts of letters, digits, ".", "_" and "-", none starting with ".", joined by "/". */
const OUTPUT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Whether `name` may be written under the output folder (a chosen name, or a reporter's). */
export const isOutputName = (name: string): boolean => OUTPUT_NAME.test(name);

/** Names chosen for formats' main files (relative to the output folder), or "-" for standard output. */
export type ChosenNames = Partial<Record<OutputFormat, string>>;

/** The log's and the manifest's names in the output folder: the chosen ones, else the defaults. */
export function logAndManifestNames(chosen: ChosenNames = {}): { sarif: string; manifest: string } {
  return { sarif: chosen.sarif ?? SARIF_FILE, manifest: chosen.manifest ?? MANIFEST_FILE };
}

/** How the log and the manifest name each other, relative to their own folders; the log names no manifest not written. */
export function crossReferences(names: { sarif: string; manifest: string }, formats: OutputFormat[]): { sarif: string; manifest?: string } {
  return {
    sarif: posix.relative(posix.dirname(names.manifest), names.sarif),
    ...(formats.includes('manifest') ? { manifest: posix.relative(posix.dirname(names.sarif), names.manifest) } : {}),
  };
}
