// The fail levels of the gate, lowest last; zod/mini, so that `ossast gate` loads no more of zod than it uses.
import * as z from 'zod/mini';

export const levelSchema = z.enum(['error', 'warning', 'note', 'none']);
export type FailLevel = z.infer<typeof levelSchema>;
