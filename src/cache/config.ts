// The `cache:` section of the pipeline config: where scan results (and LifeTime packages) are kept between runs.
import * as z from 'zod';

/** 2 GiB: far above one factory's results, far below the size limits of GitHub's and GitLab's CI caches. */
export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;

export const cacheConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .optional()
      .describe('Folder of the result cache (--cache): unchanged files, and identical files in several modules, are scanned once; LifeTime packages whose module versions did not change are not downloaded again. Entries are validated; a bad one is ignored with a warning. Keep it outside the sources and the output folder; CI systems can persist it with their own cache.'),
    maxBytes: z
      .number()
      .int()
      .min(0)
      .default(DEFAULT_CACHE_MAX_BYTES)
      .describe('Most bytes the cache folder may hold (default 2 GiB, 2147483648). After each run the least recently used entries are removed until it fits; entries this run used are kept even when they alone are over it (with a warning). Only files ossast wrote are counted or removed; links are never followed.'),
  })
  .strict();

export type CacheConfig = z.infer<typeof cacheConfigSchema>;
