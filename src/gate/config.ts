// The `gate:` section of the pipeline config.
import * as z from 'zod';
import { levelSchema as levels } from './level.js';

export { levelSchema, type FailLevel } from './level.js';
// The same levels in classic zod, for .default() and .describe() (the JSON Schema of the config reads them).
const failOnSchema = z.enum(levels.options);

export const gateConfigSchema = z
  .object({
    failOn: failOnSchema.default('error').describe('Lowest level that fails the run; none never fails on findings.'),
    newOnly: z.boolean().default(false).describe('Count only results new against the baseline.'),
    max: z.number().int().min(0).default(0).describe('Findings tolerated before failing.'),
    allowPartial: z.boolean().default(false).describe('Accept results when a target or scanner failed (log says partial).'),
  })
  .strict();

export type GateConfig = z.infer<typeof gateConfigSchema>;
