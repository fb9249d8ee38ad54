// Runs one scanner process with a timeout and turns spawn failures, timeouts and signals into ScannerErrors.
import { spawn } from 'node:child_process';
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

/** Process groups of the tools running now, so a signal to ossast stops them too (they do not share its group). */
const running = new Set<number>();

/** Sends `signal` to every running tool's process group (used on SIGINT/SIGTERM). */
export function signalToolGroups(signal: NodeJS.Signals): void {
  for (const pid of running) {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
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
  const child = spawn(cmd.file, cmd.args, {
    cwd: cmd.cwd,
    // Scanners never see the LifeTime token: no variable holding a registered secret is passed on.
    env: withoutSecrets({ ...process.env, ...(cmd.env ?? {}) }),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
  if (pid) running.add(pid);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (pid) process.kill(-pid, signal);
    } catch {
      // already gone
    }
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
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ exitCode: null, signal: null, spawnError: err }));
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  }).finally(() => {
    clearTimeout(timer);
    cmd.signal?.removeEventListener('abort', stop);
    // Whatever the tool left running in its group goes with it.
    killGroup('SIGKILL');
    if (pid) running.delete(pid);
  });
  // The group is gone, so its stderr ends; a descriptor passed on to some other process is not waited for.
  await Promise.race([stderrClosed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  child.stderr?.destroy();
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
    throw new ScannerError(
      `timed out after ${Math.round(cmd.timeoutMs / 1000)} s and was stopped (${commandLine})`,
      { ...base, kind: 'timeout' },
      'raise the scanner\'s timeoutSeconds in the config, or scan fewer modules per run',
    );
  }
  if (cmd.signal?.aborted) {
    throw new ScannerError('was cancelled', { ...base, kind: 'crash' });
  }
  if (result.spawnError) {
    const missing = result.spawnError.code === 'ENOENT';
    throw new ScannerError(
      missing ? `cannot run ${cmd.file}: not found` : `cannot start ${cmd.file}: ${result.spawnError.message}`,
      { ...base, kind: missing ? 'missing' : 'crash' },
      missing ? 'install it (for Semgrep: bash scripts/setup.sh installs it into .venv) or set the scanner\'s executable in the config' : undefined,
    );
  }
  if (result.signal) {
    const oom = result.signal === 'SIGKILL';
    throw new ScannerError(
      `was killed by ${result.signal}${oom ? ' (often: out of memory)' : ''}`,
      { ...base, kind: 'crash' },
      oom ? 'give the machine more memory or scan fewer modules at once' : undefined,
    );
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
