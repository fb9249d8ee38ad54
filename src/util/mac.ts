// Keyed authentication codes (HMAC-SHA256) for files ossast writes and must trust when it reads them back: result
// cache entries and shard artifacts. One key source, one code, one timing-safe check for every caller.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from './errors.js';
import { registerSecret } from './redact.js';

/** Fewer characters than this in a key are refused: it must not be guessable. */
export const MIN_KEY_CHARS = 32;

/** How a key is named in messages: what it authenticates, its config field if any, what unsetting it means. */
export interface KeyUse {
  /** e.g. "cache key", "shard key". */
  what: string;
  /** The config field naming the variable, when there is one (e.g. "cache.keyEnv"). */
  field?: string;
  /** The end of the hint: "or unset it to <unkeyed>". */
  unkeyed: string;
}

/**
 * The key held by environment variable `variable`: undefined when it is unset or empty; refused (ConfigError, exit 2)
 * when shorter than MIN_KEY_CHARS. A key in use is registered as a secret: never printed, written or passed to a
 * child process (see withoutSecrets).
 */
export function resolveKey(env: NodeJS.ProcessEnv, variable: string, use: KeyUse): string | undefined {
  const key = env[variable];
  if (!key) return undefined;
  if (key.length < MIN_KEY_CHARS) {
    throw new ConfigError(
      `the ${use.what} in environment variable ${variable}${use.field ? ` (${use.field})` : ''} has ${key.length} characters, fewer than the ${MIN_KEY_CHARS} ossast accepts`,
      `set ${variable} to at least ${MIN_KEY_CHARS} random characters kept as a CI secret (e.g. the output of \`openssl rand -hex 32\`), or unset it to ${use.unkeyed}`,
    );
  }
  registerSecret(key);
  return key;
}

/** The HMAC-SHA256 of `data` under `key`, as 64 lower-case hex digits. */
export function macOf(key: string, data: Uint8Array | string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Whether `mac` (64 lower-case hex digits) is the HMAC-SHA256 of `data` under `key`; compared in constant time. */
export function macMatches(key: string, data: Uint8Array | string, mac: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(mac, 'hex'), createHmac('sha256', key).update(data).digest());
}
