// The `suppressions:` section of the pipeline config.
import { z } from 'zod';

export const suppressionsConfigSchema = z
  .object({
    builtin: z.boolean().default(true).describe('Apply config/suppressions/outsystems-generated.yml.'),
    files: z.array(z.string().min(1)).default([]).describe('Extra suppression files.'),
  })
  .strict();

export type SuppressionsConfig = z.infer<typeof suppressionsConfigSchema>;
