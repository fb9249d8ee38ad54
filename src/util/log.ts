// The logger every stage receives: plain lines in CI, the same lines plus live progress on a TTY. And the one sink every
// console line goes through (ConsoleSink): text from LifeTime, packages and tools can never run a CI log command.
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { redact, shorten } from './redact.js';

/**
 * Characters escaped as `\uXXXX` on every console line: C0 controls but tab and line feed (ESC starts ANSI sequences;
 * CR, VT and FF start lines for some readers), DEL, C1 controls (NEL, CSI), Unicode line and paragraph separators,
 * and bidirectional controls (Trojan Source).
 */
const CONTROLS = /\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The colour codes ossast itself prints (its prefixes, the console report, cli-table3's head and border). */
const OWN_SGR = new Set(['0', '31', '32', '33', '36', '39', '90']);
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** Azure Pipelines runs `##vso[...]` found anywhere in a line (any case) and formats `##[...]`; GitHub Actions still
 *  reads the old `##[command]` form. The `[` is written as the escape `\u005b`. */
const AZURE = /##(vso)?\[/gi;
/** Whether a line needs any of the changes below (one test: most lines need none). */
const SUSPECT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|##|^\s*::/;
/** GitHub Actions runs a workflow command from a line that starts with `::` once leading whitespace is trimmed. */
const GITHUB = /^(\s*):/;

/**
 * One console line (no line feed in it) made inert for CI logs and terminals: controls escaped as `\uXXXX` (ossast's
 * own colour codes kept when `colour`), `##vso[` and `##[` broken anywhere, and a `:` that would start the line
 * escaped when the line starts with `::`. The escapes are JSON's own, so a JSON document written to stdout keeps its
 * meaning. `atStart`: whether the text begins the line (false for the rest of a long line written in parts).
 */
export function neutraliseLine(line: string, opts: { colour?: boolean; atStart?: boolean } = {}): string {
  if (!SUSPECT.test(line)) return line;
  let out = line.replace(CONTROLS, (m) =>
    m.length === 1
      ? escapeChar(m)
      : opts.colour &&
          m
            .slice(2, -1)
            .split(';')
            .every((c) => OWN_SGR.has(c))
        ? m
        : escapeChar(m[0]!) + m.slice(1),
  );
  out = out.replace(AZURE, (_m, vso: string | undefined) => `##${vso ?? ''}\\u005b`);
  if ((opts.atStart ?? true) && /^\s*::/.test(out)) out = out.replace(GITHUB, '$1\\u003a');
  return out;
}

/** A text of several lines, each made inert (see neutraliseLine); its own line feeds kept. */
export const neutraliseLines = (text: string, opts: { colour?: boolean } = {}): string =>
  text
    .split('\n')
    .map((l) => neutraliseLine(l, opts))
    .join('\n');

/** One piece of untrusted text inside a line: line feeds and tabs escaped too, so it never starts a line. */
export const neutralisePiece = (text: string): string => neutraliseLine(/[\n\t]/.test(text) ? text.replace(/[\n\t]/g, escapeChar) : text, { atStart: false });

/** Longest part of a line held back while it goes on: what a pattern split between two writes needs. */
const HOLD = 64 * 1024;

/**
 * The one sink of ossast's standard output and error: every line written through it is made inert (neutraliseLine)
 * before it reaches the real stream, whatever wrote it (the logger, a report printed to `-`, a command's listing,
 * commander's help, the last error). A line is held until its end, or written in parts when it grows past HOLD with
 * the last characters kept back, so a pattern split between writes is still found. `control()` writes ossast's own
 * terminal controls (the live status line) as they are.
 */
export class ConsoleSink extends Writable {
  private held = '';
  /** Whether part of the current line, with something else than whitespace in it, was already written. */
  private midLine = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    readonly target: NodeJS.WritableStream,
    readonly opts: { colour?: boolean } = {},
  ) {
    super({ decodeStrings: false });
  }

  get isTTY(): boolean {
    return Boolean((this.target as NodeJS.WriteStream).isTTY);
  }

  get columns(): number | undefined {
    return (this.target as NodeJS.WriteStream).columns;
  }

  /** ossast's own terminal controls (cursor return, erase line), written after whatever the sink holds. */
  control(seq: string): void {
    this.flushHeld();
    this.target.write(seq);
  }

  /** Writes what is held of an unfinished line (at the end of a command). */
  flushHeld(): void {
    const rest = this.held + this.decoder.end();
    this.held = '';
    if (rest) this.target.write(neutraliseLine(rest, { colour: this.opts.colour ?? false, atStart: !this.midLine }));
    this.midLine = rest ? this.midLine || /\S/.test(rest) : this.midLine;
  }

  override _write(chunk: unknown, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = this.held + (typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)));
    const colour = this.opts.colour ?? false;
    let out = '';
    const end = text.lastIndexOf('\n');
    let rest = text;
    if (end >= 0) {
      const lines = text.slice(0, end).split('\n');
      out = lines.map((l, i) => neutraliseLine(l, { colour, atStart: i > 0 || !this.midLine })).join('\n') + '\n';
      rest = text.slice(end + 1);
      this.midLine = false;
    }
    if (rest.length > HOLD) {
      // A long line: write all but its last characters (neutralised text is inert when read again with what follows).
      const inert = neutraliseLine(rest, { colour, atStart: !this.midLine });
      const part = inert.slice(0, inert.length - 16);
      out += part;
      this.midLine ||= /\S/.test(part);
      rest = inert.slice(inert.length - 16);
    }
    this.held = rest;
    if (!out || this.target.write(out)) done();
    else this.target.once('drain', () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    this.flushHeld();
    done();
  }
}

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

/**
 * ANSI colour for one piece of text, or the text unchanged when colour is off. Not util.styleText: it ends a colour
 * with 39 where ossast's output has always had 0, and it would judge the stream itself where colorEnabled decides.
 */
export const paint = (on: boolean, code: number, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * A message as printed: redacted, every line made inert, and every line after the first indented, so a line break
 * inside a message (ossast's own "hint:" lines, a tool's stderr tail, or one inside a name or path) never starts a
 * line at its first column.
 */
export function messageLines(msg: string): string {
  return neutraliseLines(redact(msg))
    .split('\n')
    .map((l, i) => (i === 0 || /^\s/.test(l) ? l : `  ${l}`))
    .join('\n');
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
  // ossast's own controls go to the sink's control() (written as they are); everything else is text, made inert.
  const control = (seq: string) => (stream instanceof ConsoleSink ? stream.control(seq) : stream.write(seq));
  const drawStatus = () => {
    const text = [...live.entries()].map(([k, m]) => `[${k}] ${m}`).join(' | ');
    control('\r\x1b[2K');
    stream.write(neutralisePiece(shorten(text, columns() - 1)));
    statusShown = true;
  };
  /** A message's lines, redacted and made inert, then ossast's own (coloured) prefix in front. */
  const write = (prefix: string, msg: string) => {
    if (tty && statusShown) control('\r\x1b[2K');
    stream.write(`${prefix}${messageLines(msg)}\n`);
    if (tty && live.size) drawStatus();
  };
  return {
    info: (m) => {
      if (!opts.quiet) write('', m);
    },
    warn: (m) => write(`${paint(Boolean(opts.color), 33, 'warning:')} `, m),
    error: (m) => write(`${paint(Boolean(opts.color), 31, 'error:')} `, m),
    debug: (m) => {
      if (opts.verbose) write('debug: ', m);
    },
    progress: (key, m) => {
      if (opts.quiet) return;
      if (tty) {
        if (m) live.set(key, m);
        else live.delete(key);
        if (live.size) drawStatus();
        else if (statusShown) {
          control('\r\x1b[2K');
          statusShown = false;
        }
        return;
      }
      if (!m || lastProgress.get(key) === m) return;
      lastProgress.set(key, m);
      write('', `[${key}] ${m}`);
    },
  };
}

/** A logger that records lines, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (p: string) => (m: string) => {
    lines.push(p + messageLines(m));
  };
  return {
    lines,
    info: push(''),
    warn: push('warning: '),
    error: push('error: '),
    debug: push('debug: '),
    progress: (k, m) => {
      if (m) lines.push(neutraliseLines(redact(`[${k}] ${m}`)));
    },
  };
}
