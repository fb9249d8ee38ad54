// Semgrep's version without a scan: `semgrep --version`, remembered in the cache per executable (path, inode, size, times).
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { CacheStore } from '../../cache/store.js';
import { toolEntrySchema } from '../cache-entries.js';
import { CACHE_VERSION } from '../../cache/store.js';
import { sha256Of } from '../../util/hash.js';
import { withoutSecrets } from '../../util/redact.js';

/** The file `exe` names: itself when it has a folder, else the first executable of that name on PATH. */
async function locate(exe: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
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

/** The version `exe --version` prints, from the cache when the executable is the same file, unchanged; undefined
 *  when it cannot be told (then nothing is cached). pip rewrites the entry script on every install or upgrade. */
export async function semgrepVersion(store: CacheStore, exe: string): Promise<string | undefined> {
  const file = await locate(exe, process.env);
  if (!file) return undefined;
  const s = await stat(file);
  const key = sha256Of('semgrep-executable', file, String(s.dev), String(s.ino), String(s.size), String(s.mtimeMs), String(s.ctimeMs));
  const known = await store.get('tool', key, toolEntrySchema);
  if (known) return known.version;
  const version = await new Promise<string | undefined>((resolve) =>
    execFile(file, ['--version'], { env: withoutSecrets({ ...process.env, SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' }), timeout: 120_000, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      const printed = String(stdout).trim();
      resolve(!err && /^\d+\.\d+\.\d+\S*$/.test(printed) ? printed : undefined);
    }),
  );
  if (!version) return undefined;
  await store.put({ ossastCache: CACHE_VERSION, kind: 'tool', key, version });
  return version;
}
