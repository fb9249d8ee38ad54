// The `cache:` section of the pipeline config: where scan results (and LifeTime packages) are kept between runs.
import { z } from 'zod';

export const cacheConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .optional()
      .describe('Folder of the result cache (--cache): unchanged files, and identical files in several modules, are scanned once; LifeTime packages whose module versions did not change are not downloaded again. Entries are validated; a bad one is ignored with a warning. Keep it outside the sources and the output folder; CI systems can persist it with their own cache.'),
  })
  .strict();

export type CacheConfig = z.infer<typeof cacheConfigSchema>;
