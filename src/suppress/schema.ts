// zod schema of a suppression file: entries with match criteria, a required justification, owner, expiry and ticket.
import * as z from 'zod';
import { regexProblem } from './regex.js';
import { entryId, isoDate, justification, ticket } from '../config/entry-fields.js';

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const cwe = z
  .union([z.number().int().positive(), z.string().regex(/^(CWE-)?\d+$/i, 'a CWE id such as 89 or "CWE-89"')])
  .transform((v) => Number(String(v).replace(/^CWE-/i, '')));
const regex = z.string().superRefine((source, ctx) => {
  const problem = regexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** What a suppressed finding is, for reports that group them: a false positive the vendor documents, or code only the vendor can change. */
export const suppressionCategory = z
  .enum(['platform-false-positive', 'vendor-code'])
  .describe('platform-false-positive: OutSystems documents the finding as a false positive (give the article as reference); vendor-code: platform or OutSystems-supplied code the application team cannot change, where the finding may be real (report it to OutSystems). Reports show both in their own group.');
export type SuppressionCategory = z.infer<typeof suppressionCategory>;
// zod's ISO date check knows month lengths and leap years: 2024-02-30 and 2099-99-99 are refused, not rolled over.

export const matchSchema = z
  .object({
    tool: stringOrList.optional().describe('Tool (driver) name globs, case-insensitive, e.g. "Semgrep*".'),
    ruleId: stringOrList.optional().describe('Rule id globs.'),
    cwe: z.array(cwe).min(1).optional().describe('Any of these CWE ids (read from the rule and result tags).'),
    tags: stringOrList.optional().describe('Any of these tags (exact, case-insensitive).'),
    paths: stringOrList.optional().describe('Path globs, relative to the source root (e.g. "**/_osjs.js").'),
    platformOwned: z.boolean().optional().describe('true: only files the OutSystems platform owns (see src/suppress/platform.ts); false: only developer files.'),
    snippet: regex.optional().describe('Regex (RE2 syntax, matched in linear time; a leading (?i) makes it case-insensitive) on the flagged code.'),
    message: regex.optional().describe('Regex (RE2 syntax, matched in linear time; a leading (?i) makes it case-insensitive) on the result message.'),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'at least one match criterion');

export const entrySchema = z
  .object({
    id: entryId,
    match: matchSchema,
    justification,
    owner: z.string().min(1).optional(),
    expires: isoDate.optional().describe('Last day (YYYY-MM-DD, UTC) the entry applies; after it the entry suppresses nothing and is reported.'),
    ticket: ticket.optional(),
    category: suppressionCategory.optional(),
    reference: z.url({ protocol: /^https$/, error: 'an https URL (the public source of the justification)' }).optional().describe('Public source for the justification (e.g. the OutSystems support article that lists the false positive).'),
  })
  .strict();

export const suppressionFileSchema = z
  .object({
    version: z.literal(1),
    suppressions: z.array(entrySchema),
  })
  .strict();

export type SuppressionEntry = z.infer<typeof entrySchema>;
export type SuppressionMatch = z.infer<typeof matchSchema>;
