// `ossast setup`: the pinned Semgrep (scanners/semgrep/requirements.txt) installed with pip into a virtual environment
// in the per-user tools folder, where the Semgrep lookup finds it (locate.ts). Never a downloaded binary: pip, from
// the index pip is configured for (PIP_INDEX_URL, PIP_FIND_LINKS, proxies and CA as pip reads them).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { acquireLock, releaseLock } from '../../util/lock.js';
import { PipelineError, UsageError } from '../../util/errors.js';
import { lastLines, redact, withoutSecrets } from '../../util/redact.js';
import { proxySettings } from '../../util/network.js';
import { SETUP_DONE, setupVenv } from './locate.js';
import { installedVersion, pinnedSemgrep, requirementsFile } from './version.js';

/** pip gets this long for the whole install (Semgrep and its dependencies are about 100 MB). */
const INSTALL_TIMEOUT_MS = 30 * 60_000;

export interface SetupResult {
  venv: string;
  exe: string;
  version: string;
  /** True when the pinned version was already installed and nothing was done. */
  already: boolean;
}

/** Whether `venv` holds a finished install of the pinned Semgrep. */
export function setupComplete(venv: string): boolean {
  return existsSync(join(venv, SETUP_DONE)) && existsSync(join(venv, 'bin', 'semgrep'));
}

/** The commands a user runs by hand when `ossast setup` cannot (offline, a proxy pip cannot pass). */
export function manualSetup(python: string, venv: string): string {
  return `${python} -m venv ${venv} && ${join(venv, 'bin', 'python')} -m pip install -r ${requirementsFile()} && touch ${join(venv, SETUP_DONE)}`;
}

/** Installs the pinned Semgrep for this user, unless it is already there. */
export async function setupSemgrep(opts: { env: NodeJS.ProcessEnv; python?: string; signal?: AbortSignal; say: (m: string) => void }): Promise<SetupResult> {
  const version = pinnedSemgrep();
  const venv = setupVenv(opts.env);
  const exe = join(venv, 'bin', 'semgrep');
  if (setupComplete(venv) && (await installedVersion(exe)) === version) return { venv, exe, version, already: true };
  const python = opts.python ?? 'python3';
  // Proxy passwords become secrets before pip's output is shown.
  proxySettings(opts.env);
  const env = withoutSecrets({ ...opts.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' });
  await mkdir(dirname(venv), { recursive: true });
  const lock = await acquireLock(`${venv}.lock`, venv);
  try {
    // An unfinished earlier attempt is started over: a venv's scripts hold its absolute path, so it is built in place.
    await rm(venv, { recursive: true, force: true });
    opts.say(`creating ${venv} with ${python}`);
    const made = await run(python, ['-m', 'venv', venv], env, opts.signal);
    if (made.code === 127 || made.spawnError)
      throw new UsageError(`ossast setup: ${python} could not be run (${made.spawnError ?? 'not found'})`, 'install Python 3 with its venv module (e.g. apt-get install python3-venv), or name one with --python');
    if (made.code !== 0)
      throw new PipelineError(
        `ossast setup: \`${python} -m venv ${venv}\` failed (exit ${made.code}): ${tail(made.output)}`,
        `install Python 3's venv module (e.g. apt-get install python3-venv), or run by hand: ${manualSetup(python, venv)}`,
      );
    opts.say(`installing Semgrep ${version} and its pinned dependencies with pip (${requirementsFile()})`);
    const pip = await run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '-r', requirementsFile()], env, opts.signal);
    if (pip.code !== 0) {
      throw new PipelineError(
        `ossast setup: pip could not install Semgrep ${version} (${pip.timedOut ? 'no answer within 30 minutes' : `exit ${pip.code}`}): ${tail(pip.output)}`,
        `offline or behind a proxy? set HTTPS_PROXY (and PIP_CERT for a private CA), or PIP_INDEX_URL / PIP_FIND_LINKS for your own index or wheel folder, then run \`ossast setup\` again; or run by hand: ${manualSetup(python, venv)}`,
      );
    }
    const got = await installedVersion(exe);
    if (got !== version) throw new PipelineError(`ossast setup: pip finished but ${exe} is Semgrep ${got ?? '(unknown version)'}, not the pinned ${version}`, `remove ${venv} and run \`ossast setup\` again`);
    await writeFile(join(venv, SETUP_DONE), `${version}\n`);
    return { venv, exe, version, already: false };
  } finally {
    await releaseLock(lock);
  }
}

function tail(output: string): string {
  return redact(lastLines(output.trim(), 6)) || '(no output)';
}

interface Ran {
  code: number | null;
  output: string;
  timedOut: boolean;
  spawnError?: string;
}

/** Runs a command to its end (or the install timeout, or the signal), keeping the last 64 KiB of its output. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    let output = '';
    let timedOut = false;
    const keep = (d: Buffer) => {
      output = (output + d.toString('utf8')).slice(-65_536);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.name === 'AbortError') resolve({ code: null, output, timedOut });
      else resolve({ code: err.code === 'ENOENT' ? 127 : null, output, timedOut, spawnError: err.code ?? err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
