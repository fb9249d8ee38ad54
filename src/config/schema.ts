// The pipeline config (ossast.yml): composed from each stage's own section schema.
import * as z from 'zod';
import { lifetimeConfigSchema, scopeConfigSchema } from '../retrieve/config.js';
import { scannerConfigSchema } from '../scan/config.js';
import { suppressionsConfigSchema } from '../suppress/config.js';
import { gateConfigSchema } from '../gate/config.js';
import { outputConfigSchema } from '../report/config.js';
import { exposureConfigSchema } from '../exposure/config.js';
import { cacheConfigSchema } from '../cache/config.js';
import { defaultExtractLimits } from '../extract/limits.js';

export const extractConfigSchema = z
  .object({
    maxEntries: z.number().int().positive().default(defaultExtractLimits.maxEntries),
    maxTotalMB: z
      .number()
      .positive()
      .default(defaultExtractLimits.maxTotalBytes / 1024 ** 2),
    maxRatio: z.number().positive().default(defaultExtractLimits.maxRatio),
    maxDepth: z.number().int().min(1).default(defaultExtractLimits.maxDepth),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1).describe('Config format version.'),
    lifetime: lifetimeConfigSchema.optional(),
    sources: z.array(z.string().min(1)).default([]).describe('Local ZIPs, .tar.gz files or folders to scan.'),
    application: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "Application name for the local sources (--name): they are extracted to <application>/<module>/. Default: an application package's file name without its extension and .vN suffix. Fingerprints never include it, so renaming a package keeps the baseline verdict.",
      ),
    extract: extractConfigSchema.prefault({}),
    scanners: z
      .array(scannerConfigSchema)
      .min(1)
      .prefault([{ type: 'semgrep' }]),
    suppressions: suppressionsConfigSchema.prefault({}),
    baseline: z.string().optional().describe('Previous SARIF log to compare with.'),
    gate: gateConfigSchema.prefault({}),
    output: outputConfigSchema.prefault({}),
    exposure: exposureConfigSchema.prefault({}),
    cache: cacheConfigSchema.prefault({}),
    scope: scopeConfigSchema.prefault({}).describe('The scope ledger: modules LifeTime lists that a run may leave out.'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
