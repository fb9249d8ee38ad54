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
  /** Colour on stdout (console report), decided once from --color, NO_COLOR, FORCE_COLOR and the terminal. */
  color: boolean;
}

export function createContext(io: CliIO, opts: { verbose?: boolean; quiet?: boolean; color?: boolean; stderrColor?: boolean } = {}): CommandContext {
  const { color, stderrColor, ...logOpts } = opts;
  return { ...io, log: createLogger({ stream: io.stderr, ...logOpts, color: Boolean(stderrColor) }), exitCode: 0, color: Boolean(color) };
}
