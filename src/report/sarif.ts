// The merged SARIF log (results.sarif), linked to the audit manifest; with the github profile also upload files.
import type { Log, Run } from 'sarif';
import type { Reporter, ReportInput } from './types.js';
import { MANIFEST_FILE, SARIF_FILE } from './manifest.js';
import { splitForGithub } from './github.js';
import { redactDeep } from '../util/redact.js';

/** Adds the manifest reference and the partial flag to every run's properties. */
export function finalLog(input: ReportInput): Log {
  const runs = input.log.runs.map((run): Run => ({
    ...run,
    properties: {
      ...(run.properties ?? {}),
      'ossast/manifest': MANIFEST_FILE,
      ...(input.gate.partial ? { 'ossast/partial': true } : {}),
    },
  }));
  return redactDeep({ ...input.log, runs });
}

export const sarifReporter = {
  format: 'sarif',
  render(input) {
    const log = finalLog(input);
    const files = [{ name: SARIF_FILE, content: JSON.stringify(log, null, 2) + '\n' }];
    if (input.sarifProfile === 'github') {
      for (const part of splitForGithub(log, { includeSuppressed: input.githubIncludeSuppressed })) {
        files.push({ name: `github/${part.name}`, content: JSON.stringify(part.log) + '\n' });
      }
    }
    return files;
  },
} satisfies Reporter;
