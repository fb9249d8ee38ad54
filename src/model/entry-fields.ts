// Fields every reviewed entry shares (suppressions, allow-list entries): id, justification, owner, expiry, ticket.
import * as z from 'zod';
import { dateProblem } from '../util/date.js';

export const entryId = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
export const justification = z.string().min(10, 'a justification of at least 10 characters (auditors read it)');
/** zod's ISO date check knows month lengths and leap years: 2024-02-30 is refused (and says why), not rolled over. */
export const isoDate = z.iso.date({ error: (issue) => (issue.code === 'invalid_format' && typeof issue.input === 'string' ? dateProblem(issue.input) : undefined) });
export const ticket = z.string().min(1);
