// The `cache:` section of the pipeline config: where scan results (and LifeTime packages) are kept between runs.
import * as z from 'zod';
import { MIN_KEY_CHARS, resolveKey } from '../util/mac.js';

/** 2 GiB: far above one factory's results, far below the size limits of GitHub's and GitLab's CI caches. */
export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;

export const cacheConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder of the result cache (--cache): unchanged files, and identical files in several modules, are scanned once; LifeTime packages whose module versions did not change are not downloaded again. Entries are validated; a bad one is ignored with a warning. Keep it outside the sources and the output folder; CI systems can persist it with their own cache.',
      ),
    maxBytes: z
      .number()
      .int()
      .min(0)
      .default(DEFAULT_CACHE_MAX_BYTES)
      .describe(
        'Most bytes the cache folder may hold (default 2 GiB, 2147483648). After each run the least recently used entries are removed until it fits; entries this run used are kept even when they alone are over it (with a warning). Only files ossast wrote are counted or removed; links are never followed.',
      ),
    keyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and underscore, not starting with a digit')
      .default('OSSAST_CACHE_KEY')
      .describe(
        'Environment variable holding the cache key (at least 32 characters, a CI secret). When it is set, every entry is written with an HMAC-SHA256 under that key and an entry read without a valid one is ignored with a warning, so whoever can write the cache folder (a CI cache other pipelines save) cannot forge results. When it is not set, entries are trusted as written, the run warns, and the manifest says the cache was not authenticated.',
      ),
  })
  .strict();

/** Fewer characters than this in the cache key are refused: it must not be guessable. */
export const MIN_CACHE_KEY_CHARS = MIN_KEY_CHARS;

/**
 * The cache key from the environment variable cache.keyEnv names: undefined when it is unset or empty; refused (exit 2)
 * when shorter than MIN_CACHE_KEY_CHARS. A key in use is registered as a secret: never printed, written or passed to a
 * scanner's process.
 */
export function resolveCacheKey(cfg: Pick<CacheConfig, 'keyEnv'>, env: NodeJS.ProcessEnv): string | undefined {
  return resolveKey(env, cfg.keyEnv, { what: 'cache key', field: 'cache.keyEnv', unkeyed: 'use the cache unauthenticated' });
}

/**
 * Checks the cache key before a run does long work: one too short stops it (exit 2); a cache folder without a key is
 * warned about, since whoever can write the folder can then forge scan results.
 */
export function checkCacheKey(cfg: CacheConfig, env: NodeJS.ProcessEnv, warn: (message: string) => void): void {
  if (cfg.dir && resolveCacheKey(cfg, env) === undefined) {
    warn(
      `cache ${cfg.dir}: entries are not authenticated, because environment variable ${cfg.keyEnv} (cache.keyEnv) is not set: whoever can write this folder (a CI cache other pipelines save) can forge scan results. Set ${cfg.keyEnv} to a secret of at least 32 characters; the manifest records whether the cache was authenticated`,
    );
  }
}

export type CacheConfig = z.infer<typeof cacheConfigSchema>;
