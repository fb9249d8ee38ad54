// ScannerError: a scanner that could not run, crashed, timed out or wrote unusable output, with full context.

import { ConfigError, PipelineError } from '../util/errors.js';

export interface ScannerFailure {
  scanner: string;
  /** Redacted command line. */
  commandLine: string;
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  /** Last lines of the tool's stderr, redacted. */
  stderrTail?: string;
  startTimeUtc: string;
  endTimeUtc: string;
  /** Machine id of the failure kind, e.g. "missing", "timeout", "crash", "exit-code", "invalid-output". */
  kind: 'missing' | 'timeout' | 'crash' | 'exit-code' | 'invalid-output' | 'config';
}

export class ScannerError extends PipelineError {
  readonly failure: ScannerFailure;
  constructor(message: string, failure: ScannerFailure, hint?: string, cause?: unknown) {
    super(`scanner ${failure.scanner}: ${message}`, hint, cause);
    this.failure = failure;
  }
}

/** A tool that must not be used as configured (e.g. an unsupported version): the whole run stops with exit 2, whether
 *  it is found before the scan or from what the tool reports, never recorded as one failed scanner run. */
export class ToolRefused extends ConfigError {}
