// zod schema of a suppression file: entries with match criteria, a required justification, owner, expiry and ticket.
import * as z from 'zod';
import { regexProblem } from '../util/regex.js';
import { entryId, isoDate, ticket } from '../model/entry-fields.js';
import { broadReasons, justificationProblem, ownerProblem } from './review.js';

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const cwe = z.union([z.number().int().positive(), z.string().regex(/^(CWE-)?\d+$/i, 'a CWE id such as 89 or "CWE-89"')]).transform((v) => Number(String(v).replace(/^CWE-/i, '')));
const regex = z.string().superRefine((source, ctx) => {
  const problem = regexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** What a suppressed finding is, for reports that group them: a false positive the vendor documents, or code only the vendor can change. */
export const suppressionCategory = z
  .enum(['platform-false-positive', 'vendor-code'])
  .describe(
    'platform-false-positive: OutSystems documents the finding as a false positive (give the article as reference); vendor-code: platform or OutSystems-supplied code the application team cannot change, where the finding may be real (report it to OutSystems). Reports show both in their own group.',
  );
export type SuppressionCategory = z.infer<typeof suppressionCategory>;
// zod's ISO date check knows month lengths and leap years: 2024-02-30 and 2099-99-99 are refused, not rolled over.

export const matchSchema = z
  .object({
    tool: stringOrList.optional().describe('Tool (driver) name globs, case-insensitive, e.g. "Semgrep*".'),
    ruleId: stringOrList.optional().describe('Rule id globs.'),
    cwe: z.array(cwe).min(1).optional().describe('Any of these CWE ids (read from the rule and result tags).'),
    tags: stringOrList.optional().describe('Any of these tags (exact, case-insensitive).'),
    paths: stringOrList.optional().describe('Path globs, relative to the source root (e.g. "**/_osjs.js").'),
    platformOwned: z
      .boolean()
      .optional()
      .describe(
        'true: only files whose content shows platform evidence (library banners, runtime signatures, known hashes; see docs/platform-ownership.md), never decided by the path; false: only files read and found without such evidence. A file whose content cannot be read matches neither.',
      ),
    snippet: regex.optional().describe('Regex (RE2 syntax, matched in linear time; a leading (?i) makes it case-insensitive) on the flagged code.'),
    message: regex.optional().describe('Regex (RE2 syntax, matched in linear time; a leading (?i) makes it case-insensitive) on the result message.'),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'at least one match criterion');

const substantive = (problem: (text: string) => string | undefined) =>
  z.string().superRefine((text, ctx) => {
    const why = problem(text);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

export const entrySchema = z
  .object({
    id: entryId,
    match: matchSchema,
    justification: substantive(justificationProblem).describe('Why the finding is acceptable here, for an auditor: at least 4 distinct words besides placeholders (TODO, n/a, false positive, test, ok...).'),
    owner: substantive(ownerProblem).describe('Who answers for the entry: a person or team that can be asked (e.g. appsec@example.com).'),
    broad: z
      .literal(true)
      .optional()
      .describe('Says that the match is broad on purpose (no ruleId/cwe/tags, or a path glob matching every file such as "**"). Without it such an entry is refused; with it, expires is required and every run warns.'),
    expires: isoDate.optional().describe('Last day (YYYY-MM-DD, UTC) the entry applies; after it the entry suppresses nothing and is reported.'),
    ticket: ticket.optional(),
    category: suppressionCategory.optional(),
    reference: z
      .url({ protocol: /^https$/, error: 'an https URL (the public source of the justification)' })
      .optional()
      .describe('Public source for the justification (e.g. the OutSystems support article that lists the false positive).'),
  })
  .strict()
  .superRefine((e, ctx) => {
    const reasons = broadReasons(e.match);
    if (reasons.length && !e.broad) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: `matches too broadly (${reasons.join('; ')}): narrow it with ruleId, cwe or tags and specific paths, or, if that is the decision, say broad: true and give expires` });
    }
  });

export const suppressionFileSchema = z
  .object({
    version: z.literal(1),
    suppressions: z.array(entrySchema),
  })
  .strict();

export type SuppressionEntry = z.infer<typeof entrySchema>;
export type SuppressionMatch = z.infer<typeof matchSchema>;
