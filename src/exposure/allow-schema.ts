// zod schema of an exposure allow-list file: endpoints (globs on <Module>.<Interface>) allowed to be reachable, with a justification.
import { z } from 'zod';
import { dateProblem } from '../suppress/date.js';

// zod's ISO date check knows month lengths and leap years: 2024-02-30 is refused, not rolled over.
const isoDate = z.iso.date({ error: (issue) => (issue.code === 'invalid_format' && typeof issue.input === 'string' ? dateProblem(issue.input) : undefined) });

export const allowEntrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    endpoint: z
      .string()
      .min(1)
      .max(300)
      .regex(/^[^\s/\\]+$/, 'a glob on <Module>.<Interface> (e.g. "Orders.OrdersAPI" or "Orders.*"), without spaces or slashes')
      .describe('Glob on the endpoint name <Module>.<Interface>, case-sensitive: "*" any text within one part (no "."), "**" any text, "?" one character; everything else literal.'),
    justification: z.string().min(10, 'a justification of at least 10 characters (auditors read it)'),
    owner: z.string().min(1),
    expires: isoDate.optional().describe('Last day (YYYY-MM-DD, UTC) the entry applies; after it the entry allows nothing and is reported.'),
    ticket: z.string().min(1).optional(),
  })
  .strict();

export const allowListFileSchema = z
  .object({
    version: z.literal(1),
    allow: z.array(allowEntrySchema),
  })
  .strict();

export type AllowEntry = z.infer<typeof allowEntrySchema>;
