// Runs one scanner process with a timeout and turns spawn failures, timeouts and signals into ScannerErrors.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { packageRoot } from '../util/version.js';
import { ScannerError, type ScannerFailure } from './errors.js';
import { lastLines, redact, withoutSecrets } from '../util/redact.js';

export interface ToolCommand {
  scanner: string;
  file: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ToolExit {
  exitCode: number;
  commandLine: string;
  stderrTail: string;
  startTimeUtc: string;
  endTimeUtc: string;
  durationMs: number;
}

const STDERR_TAIL_LINES = 20;

/** Quotes an argument for display only (the process is never run through a shell). */
export function displayCommand(file: string, args: string[]): string {
  const q = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return redact([file, ...args].map(q).join(' '));
}

export function tail(text: string, lines = STDERR_TAIL_LINES): string {
  return lastLines(text, lines);
}

/**
 * How the processes a tool starts are kept from outliving it:
 * - "subreaper": the tool runs under scanners/contain.py, a child subreaper (prctl PR_SET_CHILD_SUBREAPER): every
 *   process below it, even one in a session of its own (setsid, a double-forked daemon) or with its environment
 *   cleared, is re-parented to the wrapper and killed when the tool ends or is stopped.
 * - "group": the tool's process group only (python3 or prctl not available): a process that leaves the group escapes.
 */
export type Containment = 'subreaper' | 'group';

/** The containment of the last tool started (for the log); undefined before any. */
let lastContainment: Containment | undefined;
export const containment = (): Containment | undefined => lastContainment;

/** python3 and the wrapper, or undefined once python3 was found missing (then tools run in their process group only). */
let wrapper: { python: string; script: string } | undefined | null = null;
function containWrapper(): { python: string; script: string } | undefined {
  if (wrapper === null) {
    // The system interpreter when there is one: a version manager's "python3" shim can take longer to start than the
    // wrapper itself (measured: 0.37 s for a pyenv shim, 0.02 s of CPU for /usr/bin/python3).
    const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? 'python3';
    wrapper = process.platform === 'linux' ? { python, script: join(packageRoot(), 'scanners', 'contain.py') } : undefined;
  }
  return wrapper;
}

/** Process groups of the tools running now (the wrapper's, when contained), so a signal to ossast stops them too. */
const running = new Map<number, boolean>();

/** Sends `signal` to one tool's group; SIGKILL to a contained tool asks its wrapper to kill everything below it at once. */
function signalTool(pid: number, contained: boolean, signal: NodeJS.Signals): void {
  try {
    if (contained && signal === 'SIGKILL') process.kill(pid, 'SIGUSR1');
    else process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Sends `signal` to every running tool's process group (used on SIGINT/SIGTERM). */
export function signalToolGroups(signal: NodeJS.Signals): void {
  for (const [pid, contained] of running) signalTool(pid, contained, signal);
}

/** Starts the tool under the containment wrapper when there is one, else directly in a process group of its own. */
async function start(cmd: ToolCommand, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; contained: boolean; report: Promise<string> }> {
  const w = containWrapper();
  if (w) {
    const child = spawn(w.python, ['-I', '-S', w.script, cmd.file, ...cmd.args], { cwd: cmd.cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const ok = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    if (ok) {
      const chunks: Buffer[] = [];
      const fd3 = child.stdio[3] as Readable | null;
      fd3?.on('data', (c: Buffer) => chunks.push(c));
      const report = new Promise<string>((resolve) => (fd3 ? fd3.once('close', () => resolve(Buffer.concat(chunks).toString('utf8'))) : resolve('')));
      return { child, contained: true, report };
    }
    wrapper = undefined;
  }
  const child = spawn(cmd.file, cmd.args, { cwd: cmd.cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return { child, contained: false, report: Promise.resolve('mode group\n') };
}

/** How the process ended: its exit code or signal, or why it could not start. */
interface Ended {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: NodeJS.ErrnoException;
}

/** Stderr kept in memory: its end only (the tail shown on a failure), however much the tool writes. */
const STDERR_KEEP_BYTES = 256 * 1024;

/** Runs the tool; resolves with its exit code whatever it is, throws ScannerError when it did not exit normally. */
export async function runTool(cmd: ToolCommand): Promise<ToolExit> {
  const commandLine = displayCommand(cmd.file, cmd.args);
  const started = new Date();
  // node:child_process, not execa: one process to start and its stderr's end to keep need no library, and execa's
  // ~100 modules cost more CPU to load than the rest of a small scan's bookkeeping.
  // The tool runs in its own process group so a timeout stops its children too (Semgrep starts semgrep-core).
  // Scanners never see the LifeTime token: no variable holding a registered secret is passed on.
  const { child, contained, report } = await start(cmd, withoutSecrets({ ...process.env, ...(cmd.env ?? {}) }));
  let stderr: Buffer[] = [];
  let kept = 0;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    kept += chunk.length;
    if (kept > 2 * STDERR_KEEP_BYTES) {
      const all = Buffer.concat(stderr);
      stderr = [all.subarray(all.length - STDERR_KEEP_BYTES)];
      kept = STDERR_KEEP_BYTES;
    }
  });
  const stderrClosed = new Promise<void>((resolve) => (child.stderr ? child.stderr.once('close', resolve) : resolve()));
  let timedOut = false;
  const pid = child.pid;
  if (pid) running.set(pid, contained);
  const killGroup = (signal: NodeJS.Signals) => {
    if (pid) signalTool(pid, contained, signal);
  };
  const stop = () => {
    killGroup('SIGTERM');
    // The group, not just the tool: Semgrep's semgrep-core (or any tool's children) must not outlive the run.
    setTimeout(() => killGroup('SIGKILL'), 2_000).unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, cmd.timeoutMs);
  cmd.signal?.addEventListener('abort', stop, { once: true });
  if (cmd.signal?.aborted) stop();
  const result = await new Promise<Ended>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ exitCode: child.exitCode, signal: child.signalCode });
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ exitCode: null, signal: null, spawnError: err }));
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  }).finally(() => {
    clearTimeout(timer);
    cmd.signal?.removeEventListener('abort', stop);
    // Whatever the tool left running in its group goes with it (a contained tool's wrapper killed and reaped every
    // process below it before it exited: its pid may already belong to another process).
    if (!contained) killGroup('SIGKILL');
    if (pid) running.delete(pid);
  });
  // The group is gone, so its stderr ends; a descriptor passed on to some other process is not waited for.
  await Promise.race([stderrClosed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  child.stderr?.destroy();
  // The wrapper says how it contained the tool, and why the tool could not be started (then the exit code is 127).
  const said = await Promise.race([report, new Promise<string>((resolve) => setTimeout(() => resolve(''), 2_000).unref())]);
  lastContainment = /^mode subreaper$/m.test(said) ? 'subreaper' : 'group';
  const execError = /^exec (\w+) (.*)$/m.exec(said);
  if (execError && !result.spawnError) result.spawnError = Object.assign(new Error(`${cmd.file}: ${execError[2]}`), { code: execError[1] });
  const ended = new Date();
  const base: Omit<ScannerFailure, 'kind'> = {
    scanner: cmd.scanner,
    commandLine,
    exitCode: result.exitCode,
    ...(result.signal ? { signal: result.signal } : {}),
    durationMs: ended.getTime() - started.getTime(),
    stderrTail: tail(Buffer.concat(stderr).toString('utf8')),
    startTimeUtc: started.toISOString(),
    endTimeUtc: ended.toISOString(),
  };
  if (timedOut) {
    throw new ScannerError(`timed out after ${Math.round(cmd.timeoutMs / 1000)} s and was stopped (${commandLine})`, { ...base, kind: 'timeout' }, "raise the scanner's timeoutSeconds in the config, or scan fewer modules per run");
  }
  if (cmd.signal?.aborted) {
    throw new ScannerError('was cancelled', { ...base, kind: 'crash' });
  }
  if (result.spawnError) {
    const missing = result.spawnError.code === 'ENOENT';
    throw new ScannerError(
      missing ? `cannot run ${cmd.file}: not found` : `cannot start ${cmd.file}: ${result.spawnError.message}`,
      { ...base, kind: missing ? 'missing' : 'crash' },
      missing ? "install it (for Semgrep: bash scripts/setup.sh installs it into .venv) or set the scanner's executable in the config" : undefined,
    );
  }
  if (result.signal) {
    const oom = result.signal === 'SIGKILL';
    throw new ScannerError(`was killed by ${result.signal}${oom ? ' (often: out of memory)' : ''}`, { ...base, kind: 'crash' }, oom ? 'give the machine more memory or scan fewer modules at once' : undefined);
  }
  return {
    exitCode: result.exitCode ?? -1,
    commandLine,
    stderrTail: base.stderrTail ?? '',
    startTimeUtc: base.startTimeUtc,
    endTimeUtc: base.endTimeUtc,
    durationMs: base.durationMs,
  };
}
