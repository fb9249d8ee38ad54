// The Semgrep version ossast pins and the range it accepts; a Semgrep's version without a scan: from pip's install
// metadata when it can be read (no process), else `semgrep --version`, remembered in the cache per executable.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { openRegularFile, readRegularFileSync } from '../../util/read-file.js';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { packageRoot } from '../../util/version.js';
import type { CacheStore } from '../../cache/store.js';
import { toolEntrySchema } from '../cache-entries.js';
import { CACHE_VERSION } from '../../cache/store.js';
import { sha256Of } from '../../util/hash.js';
import { withoutSecrets } from '../../util/redact.js';
import { ToolRefused } from '../errors.js';

/** The Semgrep version scanners/semgrep/requirements.txt pins: the one `ossast setup` and scripts/setup.sh install,
 *  the one the rule pack's tests and the test suite run. That file is the one place the version is written. */
export function pinnedSemgrep(): string {
  pinned ??= /^semgrep==(\d+\.\d+\.\d+)\s*$/m.exec(readRegularFileSync(requirementsFile(), { maxBytes: 64 * 1024 }).toString('utf8'))?.[1];
  if (!pinned) throw new Error(`ossast: ${requirementsFile()} pins no semgrep==X.Y.Z (the package is damaged: reinstall ossast)`);
  return pinned;
}
let pinned: string | undefined;

/** The pinned requirements (Semgrep and its dependencies), shipped in the package. */
export function requirementsFile(): string {
  return join(packageRoot(), 'scanners', 'semgrep', 'requirements.txt');
}

/**
 * The Semgrep versions ossast runs: from ten minor versions before the pinned one, up to (not including) the next major
 * version. A range, not only the pin, because a team may already have a Semgrep of its own: ossast passes only
 * long-standing flags and validates what Semgrep writes (SARIF and JSON schemas), so releases near the pin behave
 * alike. Further back, rule syntax the pack uses may be missing; a major version is where flags or outputs may change
 * incompatibly, so it is refused until it has been tested.
 */
export function supportedSemgrep(): { pinned: string; min: string; below: string } {
  const p = pinnedSemgrep();
  const [major, minor] = parts(p)!;
  return { pinned: p, min: `${major}.${Math.max(0, minor - 10)}.0`, below: `${major + 1}.0.0` };
}

function parts(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether ossast runs this Semgrep version (supportedSemgrep). */
export function isSupportedSemgrep(version: string): boolean {
  const v = parts(version);
  const { min, below } = supportedSemgrep();
  return v !== undefined && compare(v, parts(min)!) >= 0 && compare(v, parts(below)!) < 0;
}

/** Refuses (exit 2) a Semgrep outside the supported range: the user must install or name a supported one. */
export function checkSemgrepVersion(version: string, exe: string, source: string): void {
  if (isSupportedSemgrep(version)) return;
  const { pinned: p, min, below } = supportedSemgrep();
  throw new ToolRefused(
    `Semgrep ${version} (${exe}, from ${source}) is not supported: ossast runs Semgrep ${min} or later, before ${below} (tested with ${p})`,
    `run \`ossast setup\` (installs Semgrep ${p} for ossast), or name a supported Semgrep with OSSAST_SEMGREP or the scanner's executable in the config`,
  );
}

/**
 * The version pip recorded when it installed the Semgrep that `file` starts, read without running anything: a pip
 * console script starts `#!<venv>/bin/python…`, and pip writes `<venv>/lib/python3.X/site-packages/semgrep-V.dist-info`.
 * Undefined when `file` is not laid out so (then `--version` tells).
 */
export async function installedVersion(file: string): Promise<string | undefined> {
  let head: string;
  try {
    // Only the first line is read, whatever the file's size (a Semgrep of another kind may be a large binary).
    const { handle } = await openRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER });
    try {
      const buf = Buffer.alloc(512);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const interpreter = /^#!(\/\S*python[\d.]*)\s*\n/.exec(head)?.[1];
  if (!interpreter) return undefined;
  const lib = join(dirname(dirname(interpreter)), 'lib');
  const found = new Set<string>();
  for (const py of await readdir(lib).catch(() => [] as string[])) {
    if (!/^python3\.\d+$/.test(py)) continue;
    for (const d of await readdir(join(lib, py, 'site-packages')).catch(() => [] as string[])) {
      const v = /^semgrep-(\d+\.\d+\.\d+[^-]*)\.dist-info$/.exec(d)?.[1];
      if (v) found.add(v);
    }
  }
  // Two installed versions side by side: which one runs cannot be told from the folder.
  return found.size === 1 ? [...found][0] : undefined;
}

/** The file `exe` names: itself when it has a folder, else the first executable of that name on PATH. */
export async function locate(exe: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const candidates =
    isAbsolute(exe) || exe.includes('/')
      ? [exe]
      : (env['PATH'] ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((d) => join(d, exe));
  for (const c of candidates) {
    if (
      await access(c, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return realpath(c);
  }
  return undefined;
}

/** The version pip recorded for `exe` (installedVersion), else the one `exe --version` prints, from the cache (when given) when the executable is the same file, unchanged;
 *  undefined when it cannot be told within `timeoutMs` (then nothing is cached). pip rewrites the entry script on
 *  every install or upgrade. */
export async function semgrepVersion(exe: string, opts: { store?: CacheStore; timeoutMs?: number } = {}): Promise<string | undefined> {
  const file = await locate(exe, process.env);
  if (!file) return undefined;
  const recorded = await installedVersion(file);
  if (recorded) return recorded;
  const s = await stat(file);
  const key = sha256Of('semgrep-executable', file, String(s.dev), String(s.ino), String(s.size), String(s.mtimeMs), String(s.ctimeMs));
  const known = await opts.store?.get('tool', key, toolEntrySchema);
  if (known) return known.version;
  const version = await printedVersion(file, opts.timeoutMs ?? 120_000);
  if (!version) return undefined;
  await opts.store?.put({ ossastCache: CACHE_VERSION, kind: 'tool', key, version });
  return version;
}

/** What `file --version` prints when it is a version, within `timeoutMs`. Run in its own process group, all of which
 *  is killed at the deadline (a child holding stdout open must not keep the caller waiting). */
function printedVersion(file: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(file, ['--version'], { env: withoutSecrets({ ...process.env, SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' }), stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let out = '';
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve(undefined);
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < 4096) out += d.toString('utf8');
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const printed = out.trim();
      resolve(code === 0 && /^\d+\.\d+\.\d+\S*$/.test(printed) ? printed : undefined);
    });
  });
}
