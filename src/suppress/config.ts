// The `suppressions:` section of the pipeline config.
import * as z from 'zod';

export const suppressionsConfigSchema = z
  .object({
    builtin: z.boolean().default(true).describe('Apply config/suppressions/outsystems-generated.yml.'),
    files: z.array(z.string().min(1)).default([]).describe('Extra suppression files.'),
    acceptInSource: z
      .boolean()
      .default(false)
      .describe("Accept the scanners' in-source suppressions (nosemgrep comments). Off: anyone who writes the code can write the comment, with no justification, owner or expiry; such results count and are shown as under review."),
  })
  .strict();

export type SuppressionsConfig = z.infer<typeof suppressionsConfigSchema>;
