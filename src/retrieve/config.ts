// The `lifetime:` section of the pipeline config.
import * as z from 'zod';

export const lifetimeConfigSchema = z
  .object({
    url: z
      .string()
      .url()
      .describe(
        'LifeTime base URL, e.g. https://lifetime.example.com (the /lifetimeapi/rest/v2 path is added). Plain http:// warns (the token would cross the network in clear) unless the host is this machine, and is refused through a proxy.',
      ),
    token: z.string().optional().describe('Only a ${VAR} reference is allowed; default ${LIFETIME_TOKEN}. A literal token is refused.'),
    tokenFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A file holding the token (a regular file, at most 64 KB; surrounding whitespace ignored), instead of an environment variable; also LIFETIME_TOKEN_FILE. Recommended in CI: a variable is readable by every process the job starts (see docs/secrets.md).',
      ),
    environment: z.string().min(1).describe('Environment name or key.'),
    applications: z.array(z.string().min(1)).default([]).describe('Applications by name or key.'),
    modules: z.array(z.string().min(1)).default([]).describe('Modules by name or key.'),
    pollIntervalSeconds: z.number().positive().default(10),
    pollTimeoutSeconds: z.number().positive().default(3600),
    requestTimeoutSeconds: z.number().positive().default(60).describe('Longest wait for LifeTime to answer a call, and longest silence while a reply or a download streams in (seconds).'),
    requestDeadlineSeconds: z.number().positive().default(300).describe('Overall limit for one API call, every retry, wait and the reading of the reply included (seconds).'),
    downloadDeadlineSeconds: z.number().positive().default(1800).describe('Overall limit for one package download, however slowly bytes keep arriving (seconds).'),
    maxReplyMB: z.number().positive().default(8).describe('Refuse API replies (JSON) larger than this once decoded (MB).'),
    retries: z.number().int().min(0).max(20).default(4),
    concurrency: z.number().int().min(1).max(16).default(2),
    splitApplications: z
      .boolean()
      .default(false)
      .describe(
        "Fetch each application as its eSpace modules, one packaging request per module (targets App/Module): smaller packages, never over LifeTime's package size limit, and `ossast plan` can spread one large application over several shards.",
      ),
    maxConcurrentPackaging: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Most packaging requests (start, poll, download) in flight at once across the whole CI matrix: `ossast plan` divides it between the shards and each shard keeps to its share.'),
    maxPackageMB: z.number().positive().default(200).describe('Refuse downloads larger than this once decoded (MB).'),
    caFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A PEM file of CA certificates to trust for LifeTime besides Node.js's own (your organisation's CA, or a TLS-inspecting proxy's), relative to the config file; at most 1 MiB. NODE_EXTRA_CA_CERTS does the same for every Node.js program. HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.",
      ),
  })
  .strict();

export type LifetimeConfig = z.infer<typeof lifetimeConfigSchema>;

/** YYYY-MM-DD of `now` in UTC: an entry expires at the end of its day. */
const today = (now: Date) => now.toISOString().slice(0, 10);

/** One module LifeTime lists that a run may leave out, and who accepted that until when. */
export const acceptMissingEntrySchema = z
  .object({
    application: z.string().min(1).describe('Application name, as LifeTime lists it (case-insensitive).'),
    module: z.string().min(1).describe('Module name, as LifeTime lists it (case-insensitive).'),
    justification: z.string().trim().min(10).describe('Why the module may go unscanned (at least 10 characters).'),
    owner: z.string().trim().min(1).describe('Who accepted it.'),
    expires: z.iso.date().describe('Last day (YYYY-MM-DD, UTC) the acceptance holds; an expired entry is refused when the config is read.'),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.expires < today(new Date())) {
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: `the acceptance of module ${e.module} of ${e.application} expired on ${e.expires} (owner ${e.owner}): scan the module again, or renew the entry with a new date and justification`,
      });
    }
  });
export type AcceptMissingEntry = z.infer<typeof acceptMissingEntrySchema>;

// The `scope:` section: which modules LifeTime lists may be left out of a run.
export const scopeConfigSchema = z
  .object({
    acceptMissing: z
      .array(acceptMissingEntrySchema)
      .default([])
      .describe('Modules LifeTime lists for an application that the run may leave out (a listed module missing otherwise fails the run, exit 3); each with justification, owner and expiry.'),
  })
  .strict();
export type ScopeConfig = z.infer<typeof scopeConfigSchema>;
