// zod schema of an exposure allow-list file: endpoints (globs on <Module>.<Interface>) allowed to be reachable, with a justification.
import * as z from 'zod';
import { entryId, isoDate, justification, ticket } from '../model/entry-fields.js';

export const allowEntrySchema = z
  .object({
    id: entryId,
    endpoint: z
      .string()
      .min(1)
      .max(300)
      .regex(/^[^\s/\\]+$/, 'a glob on <Module>.<Interface> (e.g. "Orders.OrdersAPI" or "Orders.*"), without spaces or slashes')
      .describe('Glob on the endpoint name <Module>.<Interface>, case-sensitive: "*" any text within one part (no "."), "**" any text, "?" one character, [abc] a class, {a,b} alternatives; everything else literal.'),
    justification,
    owner: z.string().min(1),
    expires: isoDate.optional().describe('Last day (YYYY-MM-DD, UTC) the entry applies; after it the entry allows nothing and is reported.'),
    ticket: ticket.optional(),
  })
  .strict();

export const allowListFileSchema = z
  .object({
    version: z.literal(1),
    allow: z.array(allowEntrySchema),
  })
  .strict();

export type AllowEntry = z.infer<typeof allowEntrySchema>;
