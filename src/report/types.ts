// The reporter plugin interface: a pure function from the run's data to files; only the CLI writes them.
import type { Log } from 'sarif';
import type { RunRecord } from '../pipeline/record.js';
import type { GateResult } from '../gate/types.js';
import type { OutputFormat } from './config.js';

export interface ReportInput {
  log: Log;
  record: RunRecord;
  gate: GateResult;
  tty: boolean;
  columns?: number;
  now: Date;
  sarifProfile: 'full' | 'github';
  githubIncludeSuppressed: boolean;
  /** Names chosen for the log and the manifest (`--format sarif=path`), so each can name the other; default results.sarif, manifest.json. */
  outputNames?: { sarif?: string; manifest?: string };
}

/**
 * What a reporter produces for one file: text, bytes, or text in chunks (logs too big for one string). Iterables are
 * re-iterable (each iteration serialises again), so the files of a run can be written and then read back.
 */
export type ReportContent = string | Uint8Array | Iterable<string> | AsyncIterable<string>;

/** A file to write under the output folder; name "-" means standard output. */
export interface ReportFile {
  name: string;
  content: ReportContent;
}

export interface Reporter {
  format: OutputFormat;
  render(input: ReportInput): ReportFile[];
}
