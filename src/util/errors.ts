// Typed errors that carry the exit code the CLI returns for them; their texts are redacted when they are made.
import { redact } from './redact.js';

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  /** Stopped by SIGINT (128 + 2), as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: every error ossast raises on purpose. `hint` tells the user what to do. */
export class OssastError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode: ExitCodeValue; hint?: string; cause?: unknown }) {
    // Redacted at the source: an error's text may quote what LifeTime or a tool sent back, token included, and
    // every reporter, record and log line takes its text from here.
    super(redact(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode;
    this.hint = opts.hint === undefined ? undefined : redact(opts.hint);
  }
}

/** Bad flags or arguments (exit 2). */
export class UsageError extends OssastError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** Invalid configuration or suppression file (exit 2). */
export class ConfigError extends OssastError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.usage, hint, cause });
  }
}

/** A stage could not complete: extraction refused, download failed, scanner crashed (exit 3). */
export class PipelineError extends OssastError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.incomplete, hint, cause });
  }
}

/** Formats any thrown value as one or more lines for the terminal (redacted: errors not made by ossast may quote anything). */
export function describeError(err: unknown): string {
  if (err instanceof OssastError) {
    return err.hint ? `${err.message}\n  hint: ${err.hint}` : err.message;
  }
  if (err instanceof Error) return redact(err.stack ?? err.message);
  return redact(String(err));
}

/** The run was stopped by a signal: children stopped, partial files removed, nothing written that looks complete. */
export class InterruptedError extends OssastError {
  readonly signal: 'SIGINT' | 'SIGTERM';
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(`stopped by ${signal}: scanners were stopped and partial files removed; no results or reports were written`, { exitCode: signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated });
    this.signal = signal;
  }
}

/** Throws the InterruptedError a signal carries once it has fired (stages call it between steps). */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError('SIGTERM');
}
