// The `exposure:` section of the pipeline config: allow-lists, the probe URL and its limits, the SARIF level.
import * as z from 'zod';
import { probeDefaults, validateProbeUrl } from './probe.js';

const probeUrl = z.string().superRefine((text, ctx) => {
  try {
    validateProbeUrl(text, 'probeUrl');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message.replace(/^probeUrl: /, '') : String(err) });
  }
});

export const exposureConfigSchema = z
  .object({
    builtin: z.boolean().default(true).describe('Apply config/exposure/platform-allow.yml (the five platform endpoints that are public by design).'),
    allow: z.array(z.string().min(1)).default([]).describe('Extra allow-list files (version: 1, allow: [{id, endpoint, justification, owner, expires?, ticket?}]).'),
    probeUrl: probeUrl.optional().describe('Server to probe from outside (http/https, no credentials), e.g. https://apps.example.com; unset: no probe.'),
    level: z.enum(['error', 'warning', 'note']).default('warning').describe('SARIF level of ossast.exposure.unlisted-endpoint results.'),
    probeTimeoutSeconds: z.number().positive().max(600).default(probeDefaults.timeoutSeconds).describe('Per probe request.'),
    probeDeadlineSeconds: z.number().positive().max(3600).default(probeDefaults.deadlineSeconds).describe('All probe requests together.'),
    probeConcurrency: z.number().int().min(1).max(32).default(probeDefaults.concurrency).describe('Probe requests in flight at once.'),
  })
  .strict();

export type ExposureConfig = z.infer<typeof exposureConfigSchema>;
