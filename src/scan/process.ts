// Runs one scanner process with a timeout and turns spawn failures, timeouts and signals into ScannerErrors.
import { execa } from 'execa';
import { ScannerError, type ScannerFailure } from './errors.js';
import { redact, withoutSecrets } from '../util/redact.js';

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
  return redact(text.trimEnd().split('\n').slice(-lines).join('\n'));
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

/** Runs the tool; resolves with its exit code whatever it is, throws ScannerError when it did not exit normally. */
export async function runTool(cmd: ToolCommand): Promise<ToolExit> {
  const commandLine = displayCommand(cmd.file, cmd.args);
  const started = new Date();
  // The tool runs in its own process group so a timeout stops its children too (Semgrep starts semgrep-core).
  const child = execa(cmd.file, cmd.args, {
    cwd: cmd.cwd,
    // Scanners never see the LifeTime token: no variable holding a registered secret is passed on.
    env: withoutSecrets({ ...process.env, ...(cmd.env ?? {}) }),
    extendEnv: false,
    detached: true,
    cancelSignal: cmd.signal,
    reject: false,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    maxBuffer: 50 * 1024 * 1024,
    stripFinalNewline: false,
  });
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
  const result = await child.finally(() => {
    clearTimeout(timer);
    cmd.signal?.removeEventListener('abort', stop);
    // Whatever the tool left running in its group goes with it.
    killGroup('SIGKILL');
    if (pid) running.delete(pid);
  });
  const ended = new Date();
  const base: Omit<ScannerFailure, 'kind'> = {
    scanner: cmd.scanner,
    commandLine,
    exitCode: result.exitCode ?? null,
    ...(result.signal ? { signal: result.signal } : {}),
    durationMs: ended.getTime() - started.getTime(),
    stderrTail: tail(String(result.stderr ?? '')),
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
  if (result.isCanceled) {
    throw new ScannerError('was cancelled', { ...base, kind: 'crash' });
  }
  if (result.failed && result.exitCode === undefined && !result.signal) {
    const missing = result.code === 'ENOENT';
    throw new ScannerError(
      missing ? `cannot run ${cmd.file}: not found` : `cannot start ${cmd.file}: ${result.shortMessage}`,
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
