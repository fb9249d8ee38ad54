// The merged SARIF log (results.sarif), linked to the audit manifest; with the github profile also upload files.
import type { Log, Run } from 'sarif';
import type { Reporter, ReportInput } from './types.js';
import type { ReportFile } from '../model/report-file.js';
import { SARIF_FILE } from './manifest.js';
import { splitForGithub } from './github.js';
import { jsonFile, sarifIndent } from '../model/report-file.js';
import { encodeLogUris } from '../model/uri.js';

/**
 * Adds the manifest reference (when one is written) and the partial flag to every run's properties, and writes paths
 * as RFC 3986 URI references (results are shared, not copied, unless a path needs escapes).
 */
export function finalLog(input: ReportInput): Log {
  const runs = input.log.runs.map(
    (run): Run => ({
      ...run,
      properties: {
        ...(run.properties ?? {}),
        // Only a manifest written beside the log is named: \`ossast merge\` refuses a log whose named manifest is missing.
        ...(input.outputNames?.manifest ? { 'ossast/manifest': input.outputNames.manifest } : {}),
        ...(input.gate.partial ? { 'ossast/partial': true } : {}),
      },
    }),
  );
  return encodeLogUris({ ...input.log, runs });
}

/** Files are serialised run by run and result by result as they are written, each string redacted on the way. */
export const sarifReporter = {
  format: 'sarif',
  render(input) {
    const log = finalLog(input);
    const files: ReportFile[] = [{ name: SARIF_FILE, content: jsonFile(log, sarifIndent(log)) }];
    if (input.sarifProfile === 'github') {
      for (const part of splitForGithub(log, { includeSuppressed: input.githubIncludeSuppressed })) {
        files.push({ name: `github/${part.name}`, content: jsonFile(part.log, 0) });
      }
    }
    return files;
  },
} satisfies Reporter;
