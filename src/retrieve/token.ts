// The LifeTime token: from a file (lifetime.tokenFile, LIFETIME_TOKEN_FILE) or the environment (LIFETIME_TOKEN or a
// ${VAR} reference), never from the config itself, never written anywhere.
import { FileRefused, readRegularFileSync } from '../util/read-file.js';
import { resolve } from 'node:path';
import type { LifetimeConfig } from './config.js';
import { ConfigError } from '../util/errors.js';
import { registerSecret } from '../util/redact.js';

/** A token file larger than this is not a token. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

export function resolveToken(cfg: LifetimeConfig, env: NodeJS.ProcessEnv, where: string, cwd = process.cwd()): string {
  if (cfg.token !== undefined && cfg.tokenFile !== undefined) {
    throw new ConfigError(`${where}: lifetime.token and lifetime.tokenFile are both set`, 'keep one: tokenFile (a file holding the token, recommended in CI) or token: ${VAR}');
  }
  const file = cfg.tokenFile ?? (cfg.token === undefined ? env['LIFETIME_TOKEN_FILE'] || undefined : undefined);
  if (file !== undefined) {
    const token = readTokenFile(resolve(cwd, file), cfg.tokenFile !== undefined ? 'lifetime.tokenFile' : 'LIFETIME_TOKEN_FILE');
    registerSecret(token);
    return token;
  }
  const ref = cfg.token ?? '${LIFETIME_TOKEN}';
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref.trim());
  if (!m) {
    throw new ConfigError(
      `${where}: lifetime.token holds a literal value; ossast refuses tokens written in config files (they end up in git, in logs and in CI artifacts)`,
      'remove the value and set the LIFETIME_TOKEN environment variable from your secret store, or write token: ${MY_VAR}',
    );
  }
  const name = m[1]!;
  const token = env[name];
  if (!token) {
    throw new ConfigError(
      `the LifeTime token is missing: environment variable ${name} is not set`,
      `set ${name} to a LifeTime service account token (it needs Open and Debug permission on the environment), or give a file holding it in LIFETIME_TOKEN_FILE`,
    );
  }
  registerSecret(token);
  return token;
}

/** The token in a file: opened without blocking (a FIFO or device is refused at once), a regular file, bounded. */
function readTokenFile(path: string, field: string): string {
  const refuse = (why: string) => new ConfigError(`${field}: ${path} ${why}`, 'give a regular file that holds only the LifeTime token (e.g. written from the CI secret store, readable by this user only)');
  let buf: Buffer;
  try {
    buf = readRegularFileSync(path, { maxBytes: MAX_TOKEN_FILE_BYTES });
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    if (err.why === 'not-a-file') throw refuse(`is not a regular file (${err.found ?? 'something else'})`);
    if (err.why === 'too-large') throw refuse(err.bytes !== undefined ? `has ${err.bytes} bytes, more than a token (${MAX_TOKEN_FILE_BYTES} at most)` : `holds more than ${MAX_TOKEN_FILE_BYTES} bytes`);
    throw refuse(`cannot be read (${err.code ?? 'error'})`);
  }
  const token = buf.toString('utf8').trim();
  if (!token) throw refuse('is empty');
  if (/\s/.test(token)) throw refuse('holds more than one word; it must hold the token alone');
  return token;
}
