// The reporter plugin interface: a pure function from the run's data to files; only the CLI writes them.
import type { Log } from 'sarif';
import type { RunRecord } from '../model/run-record.js';
import type { GateResult } from '../gate/types.js';
import type { OutputFormat } from './config.js';
import type { ReportFile } from '../model/report-file.js';

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

export interface Reporter {
  format: OutputFormat;
  render(input: ReportInput): ReportFile[];
}
