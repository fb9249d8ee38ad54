// GitHub code scanning profile: upload files within GitHub's limits (20 runs and 25,000 results per run per file, 10 MB gzipped).
import { gzipSync } from 'node:zlib';
import type { Log, Result, Run } from 'sarif';
import { fingerprintOf, isSuppressed, primaryPath } from '../model/sarif-keys.js';
import { serviceStudioText } from '../model/element.js';
import { sha256Hex } from '../util/hash.js';

export const GITHUB_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000, gzippedBytes: 10 * 1024 * 1024 };

export interface GithubPart {
  name: string;
  log: Log;
}

/** Hex digits of a result's identity hash that name its bucket: 0 (one category per tool), 1 (16) or 2 (256). */
const MAX_DEPTH = 2;

/** A hash of the result's identity (ossast's line-independent fingerprint): which bucket it goes to never changes. */
function identityHash(r: Result): string {
  const where = fingerprintOf(r) ?? `${primaryPath(r) ?? ''}\0${r.ruleId ?? ''}\0${r.message.text ?? ''}`;
  return sha256Hex(where);
}

/** The result as GitHub shows it: its message followed by the Service Studio element, when known. */
function forGithub(r: Result): Result {
  const fix = serviceStudioText(r);
  return fix && r.message.text !== undefined ? { ...r, message: { ...r.message, text: `${r.message.text}\n\n${fix}` } } : r;
}

/**
 * Splits a log into upload files; each run keeps a distinct automationDetails.id (category). A tool's results go in
 * one category, `ossast/<tool>/`, while they fit one run; when they do not, in 16 (or 256) categories
 * `ossast/<tool>/h<hex>/` named by the first hex digit(s) of a hash of each result's fingerprint, all uploaded (empty
 * ones too), with an empty run for `ossast/<tool>/` so GitHub closes what that category held. A finding's category
 * thus never depends on how many other findings there are or where they are: GitHub keeps an alert open for ever in
 * a category no longer uploaded, and would reopen one that moved.
 */
export function splitForGithub(log: Log, opts: { includeSuppressed: boolean }, limits = GITHUB_LIMITS): GithubPart[] {
  const chunks: Run[] = [];
  // Gzipped sizes already measured, by results array: a run that fits is not measured twice.
  const measured = new WeakMap<Result[], number>();
  for (const run of log.runs) {
    // GitHub ignores suppressions, so suppressed results are left out of the upload unless asked for.
    const results = (run.results ?? []).filter((r) => r.baselineState !== 'absent' && (opts.includeSuppressed || !isSuppressed(r))).map(forGithub);
    const base = (run.automationDetails?.id ?? `ossast/${run.tool.driver.name}/`).replace(/\/$/, '');
    const fits = (rs: Result[]) => {
      if (rs.length > limits.resultsPerRun) return false;
      const bytes = gzippedSize(log, { ...run, results: rs }, limits.gzippedBytes);
      measured.set(rs, bytes);
      return bytes <= limits.gzippedBytes;
    };
    if (fits(results)) {
      chunks.push({ ...run, automationDetails: { id: `${base}/` }, results });
      continue;
    }
    const hashes = results.map(identityHash);
    let buckets: Map<string, Result[]> | undefined;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const b = new Map(Array.from({ length: 16 ** depth }, (_, i): [string, Result[]] => [i.toString(16).padStart(depth, '0'), []]));
      for (let i = 0; i < results.length; i++) b.get(hashes[i]!.slice(0, depth))!.push(results[i]!);
      buckets = b;
      if ([...b.values()].every(fits)) break;
    }
    chunks.push({ ...run, automationDetails: { id: `${base}/` }, results: [] });
    for (const [prefix, rs] of buckets!) chunks.push({ ...run, automationDetails: { id: `${base}/h${prefix}/` }, results: rs });
  }
  // Each run is sized once (gzipped, as written); one still too big (past 256 categories) is halved until it fits.
  // Runs are then packed in order into files of at most runsPerFile runs whose sizes add up to at most the limit (a file gzipped whole is no
  // bigger than its runs gzipped one by one).
  const sized: { run: Run; bytes: number }[] = [];
  const place = (run: Run) => {
    const results = run.results ?? [];
    const bytes = measured.get(results) ?? gzippedSize(log, run, limits.gzippedBytes);
    if ((bytes <= limits.gzippedBytes && results.length <= limits.resultsPerRun) || results.length < 2) return void sized.push({ run, bytes });
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
