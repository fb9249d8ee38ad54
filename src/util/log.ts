// The logger every stage receives: plain lines in CI, the same lines plus live progress on a TTY.
import { redact, shorten } from './redact.js';

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
  /** Colour the "warning:" and "error:" prefixes (see colorEnabled). */
  color?: boolean;
}

export type ColorMode = 'auto' | 'always' | 'never';

/** Whether to colour output: --color wins, then NO_COLOR (any value) disables, FORCE_COLOR (not 0/false) enables, else only on a TTY. */
export function colorEnabled(mode: ColorMode, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return isTTY;
}

/** ANSI colour for one piece of text, or the text unchanged when colour is off. */
export const paint = (on: boolean, code: number, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

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
    stream.write(`\r\x1b[2K${shorten(text, columns() - 1)}`);
    statusShown = true;
  };
  const write = (line: string) => {
    if (tty && statusShown) stream.write('\r\x1b[2K');
    stream.write(redact(line) + '\n');
    if (tty && live.size) drawStatus();
  };
  return {
    info: (m) => { if (!opts.quiet) write(m); },
    warn: (m) => write(`${paint(Boolean(opts.color), 33, 'warning:')} ${m}`),
    error: (m) => write(`${paint(Boolean(opts.color), 31, 'error:')} ${m}`),
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
