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

/** The kinds of ossast error an error is, under a key shared by every copy of this module (see OssastError). */
const KINDS = Symbol.for('ossast.error.kinds');

/**
 * Base class: every error ossast raises on purpose. `hint` tells the user what to do.
 *
 * `ossast gate` runs from a bundle of its own that loads the suppression reader and the log writer from the main
 * bundle only when needed (scripts/bundle.mjs), so an error can come from another copy of this module. `instanceof`
 * therefore also accepts an error whose kinds (the `kind` of its class and of each ossast class above it) include
 * the class asked about; a class without a `kind` of its own is told apart by the prototype chain alone.
 */
export class OssastError extends Error {
  static readonly kind: string = 'OssastError';
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  declare readonly [KINDS]: readonly string[];
  constructor(message: string, opts: { exitCode: ExitCodeValue; hint?: string; cause?: unknown }) {
    // Redacted at the source: an error's text may quote what LifeTime or a tool sent back, token included, and
    // every reporter, record and log line takes its text from here.
    super(redact(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode;
    this.hint = opts.hint === undefined ? undefined : redact(opts.hint);
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as typeof OssastError).kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds) });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, 'kind') || typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as typeof OssastError).kind);
  }
}

/** Bad flags or arguments (exit 2). */
export class UsageError extends OssastError {
  static override readonly kind: string = 'UsageError';
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** Invalid configuration or suppression file (exit 2). */
export class ConfigError extends OssastError {
  static override readonly kind: string = 'ConfigError';
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.usage, hint, cause });
  }
}

/** A stage could not complete: extraction refused, download failed, scanner crashed (exit 3). */
export class PipelineError extends OssastError {
  static override readonly kind: string = 'PipelineError';
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
  static override readonly kind: string = 'InterruptedError';
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
