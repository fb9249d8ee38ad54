// Compares a log joined from shards with one full run's: what must differ (SRCROOT, the invocations) is taken out.
import { readFileSync } from 'node:fs';

export const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

/**
 * The whole log but what must differ between one run and several shards: where the sources were extracted (SRCROOT)
 * and the scanner processes' invocations (N shards ran N), which tests check apart.
 */
export function comparableLog(file: string) {
  const log = readJson(file);
  for (const run of log.runs) {
    delete run.originalUriBaseIds;
    delete run.invocations;
  }
  return log;
}
