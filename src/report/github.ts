// GitHub code scanning profile: upload files within GitHub's limits (20 runs and 25,000 results per run per file, 10 MB gzipped).
import { gzipSync } from 'node:zlib';
import type { Log, Run } from 'sarif';
import { isSuppressed } from '../merge/conventions.js';

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
  const parts: Run[][] = [];
  for (let i = 0; i < chunks.length; i += limits.runsPerFile) parts.push(chunks.slice(i, i + limits.runsPerFile));
  // A file still too big once gzipped is split again, run by run and then by halving the results.
  const files: Run[][] = [];
  const fits = (runs: Run[]) => gzipSync(JSON.stringify({ ...log, runs })).length <= limits.gzippedBytes;
  const place = (runs: Run[]) => {
    if (fits(runs)) return void files.push(runs);
    if (runs.length > 1) return runs.forEach((r) => place([r]));
    const [run] = runs;
    const results = run?.results ?? [];
    if (!run || results.length < 2) return void files.push(runs);
    const half = Math.ceil(results.length / 2);
    const id = (run.automationDetails?.id ?? '').replace(/\/$/, '');
    place([{ ...run, automationDetails: { id: `${id}-a/` }, results: results.slice(0, half) }]);
    place([{ ...run, automationDetails: { id: `${id}-b/` }, results: results.slice(half) }]);
  };
  parts.forEach(place);
  return files.map((runs, i) => ({ name: files.length === 1 ? 'results.sarif' : `results-${i + 1}.sarif`, log: { ...log, runs } }));
}
