// Which Semgrep to run, first found: the config's executable; OSSAST_SEMGREP; the pinned Semgrep that `ossast setup`
// installed in the per-user tools folder; ossast's own .venv (a clone set up by scripts/setup.sh); `semgrep` on PATH.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { SemgrepScannerConfig } from '../config.js';
import { ConfigError } from '../../util/errors.js';
import { packageRoot } from '../../util/version.js';
import { pinnedSemgrep } from './version.js';

/** The environment variable that names a Semgrep executable (an absolute path). */
export const SEMGREP_ENV = 'OSSAST_SEMGREP';
/** The environment variable that moves ossast's per-user tools folder (an absolute path). */
export const HOME_ENV = 'OSSAST_HOME';

export interface SemgrepChoice {
  /** What is run: a path, or `semgrep` (looked up on PATH). */
  exe: string;
  /** Where the choice came from, for the line that says which Semgrep is used. */
  source: string;
}

/** ossast's per-user folder for the tools it installs: OSSAST_HOME, else $XDG_CACHE_HOME/ossast, else ~/.cache/ossast. */
export function ossastHome(env: NodeJS.ProcessEnv): string {
  const own = env[HOME_ENV];
  if (own) {
    if (!isAbsolute(own)) throw new ConfigError(`${HOME_ENV}=${own}: not an absolute path`, `set ${HOME_ENV} to an absolute folder (ossast's per-user tools go there), or unset it to use ~/.cache/ossast`);
    return own;
  }
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.cache'), 'ossast');
}

/** Written by `ossast setup` last, after pip succeeded and the version was checked: a venv without it is unfinished. */
export const SETUP_DONE = '.ossast-setup-done';

/** The virtual environment `ossast setup` installs the pinned Semgrep into (one folder per pinned version). */
export function setupVenv(env: NodeJS.ProcessEnv): string {
  return join(ossastHome(env), `semgrep-${pinnedSemgrep()}`);
}

export const SOURCES = { config: 'the config', env: SEMGREP_ENV, setup: 'ossast setup', venv: "ossast's own .venv", path: 'PATH' } as const;

/** The Semgrep this scanner runs; an OSSAST_SEMGREP that names no executable file is a usage error (exit 2). */
export function locateSemgrep(cfg: SemgrepScannerConfig, env: NodeJS.ProcessEnv, ossastRoot = packageRoot()): SemgrepChoice {
  if (cfg.executable) return { exe: cfg.executable, source: `scanners[].executable of "${cfg.name}" in the config` };
  const named = env[SEMGREP_ENV];
  if (named) return { exe: checkedEnvPath(named), source: SOURCES.env };
  const installed = join(setupVenv(env), 'bin', 'semgrep');
  if (existsSync(installed) && existsSync(join(setupVenv(env), SETUP_DONE))) return { exe: installed, source: `${SOURCES.setup} (${setupVenv(env)})` };
  // The pinned install that scripts/setup.sh makes inside a clone of ossast.
  const venv = join(ossastRoot, '.venv', 'bin', 'semgrep');
  if (existsSync(venv)) return { exe: venv, source: SOURCES.venv };
  return { exe: 'semgrep', source: SOURCES.path };
}

function checkedEnvPath(value: string): string {
  const refuse = (what: string) =>
    new ConfigError(`${SEMGREP_ENV}=${value}: ${what}`, `set ${SEMGREP_ENV} to the absolute path of a Semgrep executable (e.g. /opt/semgrep/bin/semgrep), or unset it to use the Semgrep \`ossast setup\` installs or the one on PATH`);
  if (!isAbsolute(value)) throw refuse('not an absolute path');
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(value);
  } catch {
    throw refuse('no such file');
  }
  if (st.isDirectory()) throw refuse('a folder, not a file');
  if (!st.isFile()) throw refuse('not a regular file');
  try {
    accessSync(value, constants.X_OK);
  } catch {
    throw refuse('not executable');
  }
  return value;
}
