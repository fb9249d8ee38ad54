// Keeps secrets out of ossast's own process environment. /proc/<pid>/environ keeps the environment a process started
// with, whatever it deletes later, and any process ossast starts (a scanner, and whatever that starts) can read its
// parent's. So, where Node.js has process.execve (22.15 and later, on Linux and macOS), ossast starts itself again at
// once, same pid, with an environment without the secret variables, and hands their values over in a file only its
// user can read, in a fresh private folder, removed before anything else runs. The values are put back into
// process.env, which only ossast's own code reads: setenv() does not change /proc/<pid>/environ, and every process
// ossast starts gets an environment without them (src/util/redact.ts withoutSecrets). Elsewhere it warns once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HANDOVER = 'OSSAST_SEALED_SECRETS';
/** The variables sealed away: the LifeTime token, the cache key, and any the user names in OSSAST_SECRET_VARS. */
export function secretNames(env) {
  const extra = (env.OSSAST_SECRET_VARS || '').split(/[\s,]+/).filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  return [...new Set(['LIFETIME_TOKEN', 'OSSAST_CACHE_KEY', ...extra])];
}

function removeQuietly(file) {
  try {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  } catch {
    // nothing to remove
  }
}

/** Takes the handed-over values back (in the process started again), or starts ossast again without them. */
export function sealSecrets() {
  const env = process.env;
  const handed = env[HANDOVER];
  if (handed !== undefined) {
    delete env[HANDOVER];
    const names = secretNames(env);
    try {
      const st = fs.lstatSync(handed);
      // Only a private file of this user, in a folder ossast makes for it.
      if (!st.isFile() || (st.mode & 0o077) !== 0 || (process.getuid && st.uid !== process.getuid()) || !path.basename(path.dirname(handed)).startsWith('ossast-seal-')) return;
      const values = JSON.parse(fs.readFileSync(handed, 'utf8'));
      for (const name of names) if (typeof values[name] === 'string') env[name] = values[name];
    } finally {
      if (path.basename(path.dirname(handed)).startsWith('ossast-seal-')) removeQuietly(handed);
    }
    return;
  }
  const present = secretNames(env).filter((n) => env[n]);
  if (present.length === 0) return;
  if (typeof process.execve !== 'function' || process.platform === 'win32') {
    process.stderr.write(
      `warning: ${present.join(' and ')} stay${present.length > 1 ? '' : 's'} readable in ossast's process environment (/proc/${process.pid}/environ) by the tools it starts: Node.js ${process.versions.node} cannot remove ${present.length > 1 ? 'them' : 'it'} (that needs process.execve, Node.js 22.15 or later, on Linux or macOS). Run ossast on Node.js 22.15 or later, or pass the token in a file (LIFETIME_TOKEN_FILE); see docs/secrets.md\n`,
    );
    return;
  }
  let file;
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossast-seal-'));
    file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(present.map((n) => [n, env[n]]))), { mode: 0o600, flag: 'wx' });
    const next = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined && !present.includes(k)) next[k] = v;
    next[HANDOVER] = file;
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], next);
  } catch (err) {
    if (file) removeQuietly(file);
    process.stderr.write(`warning: could not start ossast again without ${present.join(' and ')} in its environment (${err?.message}); tools it starts can read ${present.length > 1 ? 'them' : 'it'} from /proc/${process.pid}/environ\n`);
  }
}
