// The logger every stage receives: plain lines in CI, the same lines plus live progress on a TTY.
import { redact } from './redact.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
  /** Live progress for one key (a target); on a TTY redraws, otherwise printed sparingly. An empty message ends the key. */
  progress(key: string, msg: string): void;
}

export interface LoggerOptions {
  stream?: NodeJS.WritableStream;
  verbose?: boolean;
  quiet?: boolean;
  tty?: boolean;
}

/** Writes to stderr so stdout stays free for machine-readable output. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  const lastProgress = new Map<string, string>();
  // On a TTY one status line shows every target's latest step; log lines print above it.
  const live = new Map<string, string>();
  let statusShown = false;
  const columns = () => (stream as NodeJS.WriteStream).columns || 80;
  const drawStatus = () => {
    const text = [...live.entries()].map(([k, m]) => `[${k}] ${m}`).join(' | ');
    stream.write(`\r\x1b[2K${redact(text).slice(0, columns() - 1)}`);
    statusShown = true;
  };
  const write = (line: string) => {
    if (tty && statusShown) stream.write('\r\x1b[2K');
    stream.write(redact(line) + '\n');
    if (tty && live.size) drawStatus();
  };
  return {
    info: (m) => { if (!opts.quiet) write(m); },
    warn: (m) => write(`warning: ${m}`),
    error: (m) => write(`error: ${m}`),
    debug: (m) => { if (opts.verbose) write(`debug: ${m}`); },
    progress: (key, m) => {
      if (opts.quiet) return;
      if (tty) {
        if (m) live.set(key, m);
        else live.delete(key);
        if (live.size) drawStatus();
        else if (statusShown) {
          stream.write('\r\x1b[2K');
          statusShown = false;
        }
        return;
      }
      if (!m || lastProgress.get(key) === m) return;
      lastProgress.set(key, m);
      write(`[${key}] ${m}`);
    },
  };
}

/** A logger that records lines, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (p: string) => (m: string) => { lines.push(redact(p + m)); };
  return {
    lines,
    info: push(''),
    warn: push('warning: '),
    error: push('error: '),
    debug: push('debug: '),
    progress: (k, m) => { if (m) lines.push(redact(`[${k}] ${m}`)); },
  };
}
