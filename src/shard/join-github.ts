// `ossast merge --sarif-profile github`: the merged log's upload files for GitHub code scanning, written beside it.
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { readSarifFile } from '../merge/read-sarif.js';
import { splitForGithub } from '../report/github.js';
import { contentChunks, jsonFile } from '../model/report-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * Writes `github/results.sarif` (or results-1.sarif, results-2.sarif, ... beyond GitHub's limits) beside the merged
 * log `output`, without suppressed results (GitHub ignores SARIF suppressions and would show them as open alerts) and
 * without results a baseline marked absent. Returns the files written and how many results were left out.
 */
export async function writeGithubUploads(output: string, opts: { includeSuppressed: boolean }): Promise<{ files: string[]; uploaded: number; leftOut: number }> {
  // The merged log as written: its URIs are already RFC 3986 references and stay as they are.
  const log = await readSarifFile(output, output);
  const total = log.runs.reduce((n, r) => n + (r.results?.length ?? 0), 0);
  const parts = splitForGithub(log, opts);
  const folder = join(dirname(output), 'github');
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const part of parts) {
    const file = join(folder, part.name);
    await writeFileAtomic(file, contentChunks(jsonFile(part.log, 0)));
    files.push(file);
  }
  const uploaded = parts.reduce((n, p) => n + p.log.runs.reduce((m, r) => m + (r.results?.length ?? 0), 0), 0);
  return { files, uploaded, leftOut: total - uploaded };
}
