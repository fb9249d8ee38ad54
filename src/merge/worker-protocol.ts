// Messages between mergeFiles and its worker threads (zod, like every value that crosses a boundary).
import * as z from 'zod';
import { manifestSchema } from '../model/manifest.js';

export const mergeTaskSchema = z.object({
  id: z.number().int(),
  files: z.array(z.string()).min(1),
  /** Only the runs of this tool (a tool found in several files is merged from all of them in one task). */
  tool: z.string().optional(),
  sourceRoot: z.string(),
  ossastVersion: z.string(),
  /** Mask the secret values of secret rules' results (after the fingerprints are taken). */
  redactSecrets: z.boolean(),
  /** Each merged run is written to `<partPrefix>-<n>.json` (kept on disk, not in memory, until its turn in the log). */
  partPrefix: z.string(),
  /** Joining the shards of a plan: the joined targets every run lists, the joined manifest's name (relative to the
   *  log) and whether the join is partial (a shard was). */
  join: z.object({ targets: manifestSchema.shape.targets, manifest: z.string(), partial: z.boolean() }).optional(),
});
export type MergeTask = z.infer<typeof mergeTaskSchema>;

export const mergeReplySchema = z.discriminatedUnion('kind', [
  /** Sent as soon as the files are read: which tools they hold (decides early which runs are complete on their own). */
  z.object({ id: z.number().int(), kind: z.literal('tools'), tools: z.array(z.string()) }),
  z.object({
    id: z.number().int(),
    kind: z.literal('done'),
    /** One merged run per tool, as the file holding its JSON. */
    runs: z.array(z.object({ tool: z.string(), part: z.string(), results: z.number().int(), executionSuccessful: z.boolean() })),
    /** The secret values its secret rules' results showed (masked in its own runs; the others' runs are masked too). */
    secrets: z.array(z.string()).default([]),
  }),
  z.object({
    id: z.number().int(),
    /** invalid-input: a file is missing or not SARIF (the user's to fix); failed: anything else. */
    kind: z.enum(['invalid-input', 'failed']),
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type MergeReply = z.infer<typeof mergeReplySchema>;
