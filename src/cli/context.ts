// What every command receives: streams, environment and a place to put its exit code.
import { createLogger, type Logger } from '../util/log.js';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM, with an InterruptedError as its reason (set by the executable, not by tests in-process). */
  signal?: AbortSignal;
}

export interface CommandContext extends CliIO {
  log: Logger;
  /** The command's exit code; main() returns it. */
  exitCode: number;
}

export function createContext(io: CliIO, opts: { verbose?: boolean; quiet?: boolean } = {}): CommandContext {
  return { ...io, log: createLogger({ stream: io.stderr, ...opts }), exitCode: 0 };
}
