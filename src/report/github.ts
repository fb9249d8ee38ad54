// GitHub code scanning profile: upload files within GitHub's limits (20 runs and 25,000 results per run per file, 10 MB gzipped).
import { gzipSync } from 'node:zlib';
import type { Log, Run } from 'sarif';
import { isSuppressed } from '../model/sarif-keys.js';

export const GITHUB_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000, gzippedBytes: 10 * 1024 * 1024 };

export interface GithubPart {
  name: string;
  log: Log;
}

/** Splits a log into upload files; each run keeps a distinct automationDetails.id (category). */
export function splitForGithub(log: Log, opts: { includeSuppressed: boolean }, limits = GITHUB_LIMITS): GithubPart[] {
  const chunks: Run[] = [];
  for (const run of log.runs) {
    // GitHub ignores suppressions, so suppressed results are left out of the upload unless asked for.
    const results = (run.results ?? []).filter((r) => r.baselineState !== 'absent' && (opts.includeSuppressed || !isSuppressed(r)));
    const base = (run.automationDetails?.id ?? `ossast/${run.tool.driver.name}/`).replace(/\/$/, '');
    const n = Math.max(1, Math.ceil(results.length / limits.resultsPerRun));
    for (let i = 0; i < n; i++) {
      chunks.push({ ...run, automationDetails: { id: n === 1 ? `${base}/` : `${base}-part${i + 1}/` }, results: results.slice(i * limits.resultsPerRun, (i + 1) * limits.resultsPerRun) });
    }
  }
  // Each run is sized once (gzipped, as written); one too big alone is halved until it fits. Runs are then packed in
  // order into files of at most runsPerFile runs whose sizes add up to at most the limit (a file gzipped whole is no
  // bigger than its runs gzipped one by one).
  const sized: { run: Run; bytes: number }[] = [];
  const place = (run: Run) => {
    const bytes = gzippedSize(log, run, limits.gzippedBytes);
    const results = run.results ?? [];
    if (bytes <= limits.gzippedBytes || results.length < 2) return void sized.push({ run, bytes });
    const half = Math.ceil(results.length / 2);
    const id = (run.automationDetails?.id ?? '').replace(/\/$/, '');
    place({ ...run, automationDetails: { id: `${id}-a/` }, results: results.slice(0, half) });
    place({ ...run, automationDetails: { id: `${id}-b/` }, results: results.slice(half) });
  };
  chunks.forEach(place);
  const files: Run[][] = [];
  let total = 0;
  for (const { run, bytes } of sized) {
    const last = files[files.length - 1];
    if (last && last.length < limits.runsPerFile && total + bytes <= limits.gzippedBytes) {
      last.push(run);
      total += bytes;
    } else {
      files.push([run]);
      total = bytes;
    }
  }
  return files.map((runs, i) => ({ name: files.length === 1 ? 'results.sarif' : `results-${i + 1}.sarif`, log: { ...log, runs } }));
}

const BLOCK = 4 * 1024 * 1024;

/**
 * The size of a one-run upload file once gzipped, without building it as one string: result by result with
 * JSON.stringify, gzipped in 4 MiB blocks one by one at the fastest level. Each step errs on the high side: the file
 * as written is redacted (secrets become "***", never longer) and gzipped whole at the default level. Stops past `stop`.
 */
function gzippedSize(log: Log, run: Run, stop: number): number {
  let total = 0;
  let block = JSON.stringify({ ...log, runs: [{ ...run, results: [] }] });
  for (const result of run.results ?? []) {
    block += JSON.stringify(result) + ',';
    if (block.length < BLOCK) continue;
    total += gzipSync(block, { level: 1 }).length;
    block = '';
    if (total > stop) return total;
  }
  return block ? total + gzipSync(block, { level: 1 }).length : total;
}
