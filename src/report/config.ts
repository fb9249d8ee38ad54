// The `output:` section of the pipeline config.
import * as z from 'zod';

export const formatSchema = z.enum(['sarif', 'console', 'markdown', 'html', 'junit', 'manifest', 'gitlab-sast', 'gitlab-codequality', 'cyclonedx', 'defectdojo']);
export type OutputFormat = z.infer<typeof formatSchema>;

export const outputConfigSchema = z
  .object({
    dir: z.string().min(1).default('ossast-out'),
    formats: z.array(formatSchema).default(['sarif', 'console', 'manifest']),
    sarifProfile: z.enum(['full', 'github']).default('full'),
    githubIncludeSuppressed: z.boolean().default(false).describe('With the github profile: keep suppressed results in the upload files.'),
    redactSecrets: z
      .boolean()
      .default(true)
      .describe('Mask the secret values of hard-coded secret findings (CWE-798/259/321, secret tags) in snippets and messages of every output, keeping their first 4 characters; false (--no-redact-secrets) writes them raw.'),
  })
  .strict();

export type OutputConfig = z.infer<typeof outputConfigSchema>;
