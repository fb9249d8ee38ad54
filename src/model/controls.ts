// The controls section of a run (manifest, Markdown, HTML): per OWASP Top 10 2021 category and PCI DSS v4 6.2.4 attack
// class, the rules that ran, open and suppressed findings with who accepted them, and NOT COVERED where no rule ran.
import * as z from 'zod';

export const controlRowSchema = z.object({
  framework: z.enum(['OWASP Top 10 2021', 'PCI DSS v4.0 6.2.4']),
  id: z.string(),
  title: z.string(),
  covered: z.boolean().describe('False: NOT COVERED, no rule that ran in this run addresses the class (an empty row is not a pass).'),
  rules: z.array(z.string()).describe('The rules that ran and map to the control.'),
  open: z.number().int().min(0).describe('Unsuppressed findings of those rules.'),
  suppressed: z.number().int().min(0),
  acceptedBy: z
    .array(z.object({ by: z.string(), entry: z.string().optional(), count: z.number().int() }))
    .describe('Who accepted the suppressed findings (the suppression entry\'s owner, or "in source" for an in-source comment), and how many.'),
  builtinSuppressions: z.array(z.string()).describe('Built-in suppression entries that can hide findings of this control.'),
});
export type ControlRow = z.infer<typeof controlRowSchema>;

export const controlsRecordSchema = z
  .object({
    mapping: z.object({ path: z.string(), sha256: z.string() }).describe('The mapping file (config/controls.yml) and its SHA-256.'),
    controls: z.array(controlRowSchema),
    rules: z
      .array(
        z.object({
          id: z.string(),
          tool: z.string(),
          cwe: z.array(z.string()),
          owasp: z.array(z.string()),
          pci: z.array(z.string()),
          from: z.enum(['mapping', 'tags']).describe("mapping: listed in config/controls.yml; tags: derived from the rule's own CWE and OWASP tags."),
        }),
      )
      .describe('Every rule that ran, with the CWE, OWASP and PCI DSS classes it maps to.'),
  })
  .describe('Controls: per OWASP Top 10 2021 category and PCI DSS v4.0 6.2.4 attack class, what ran and what it found.');
export type ControlsRecord = z.infer<typeof controlsRecordSchema>;
