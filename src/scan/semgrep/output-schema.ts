// zod schema for the parts of Semgrep's JSON output ossast reads (version, errors, skipped paths).
import * as z from 'zod';

const semgrepErrorSchema = z.looseObject({
  level: z.string().optional(),
  type: z.unknown().optional(),
  message: z.string().optional(),
  path: z.string().optional(),
  rule_id: z.string().optional(),
});

export const semgrepJsonSchema = z.looseObject({
  version: z.string().optional(),
  errors: z.array(semgrepErrorSchema).default([]),
  paths: z
    .looseObject({
      scanned: z.array(z.string()).default([]),
      skipped: z.array(z.looseObject({ path: z.string(), reason: z.string() })).default([]),
    })
    .prefault({}),
});

export type SemgrepJson = z.infer<typeof semgrepJsonSchema>;
export type SemgrepError = z.infer<typeof semgrepErrorSchema>;

/** Semgrep error types are strings or [name, ...details] arrays; returns the name. */
export function errorTypeName(e: SemgrepError): string {
  if (typeof e.type === 'string') return e.type;
  if (Array.isArray(e.type) && typeof e.type[0] === 'string') return e.type[0];
  return 'Error';
}
