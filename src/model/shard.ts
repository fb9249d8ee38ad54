// The plan's data: targets to split across CI jobs, each shard's part, and what a shard's manifest records.
import * as z from 'zod';

/** Most jobs one matrix may hold: GitHub Actions allows 256 jobs per matrix, GitLab 200 per `parallel`. */
export const MATRIX_LIMITS = { github: 256, gitlab: 200, json: 256 } as const;
/** The highest N `--shard I/N` accepts (the larger of the two CI limits). */
export const MAX_SHARDS = 256;

export const planTargetSchema = z.object({
  id: z.string().min(1).describe('Target id: "App/Module" for local sources, the application or module name for LifeTime.'),
  kind: z.enum(['local', 'lifetime-application', 'lifetime-module']),
  bytes: z.number().int().nonnegative().optional().describe('Extracted size when known (local sources); LifeTime sizes are unknown before packaging.'),
});
export type PlanTarget = z.infer<typeof planTargetSchema>;

export const shardSpecSchema = z.object({ index: z.number().int().min(1), total: z.number().int().min(1).max(MAX_SHARDS) }).refine((s) => s.index <= s.total, { message: 'the shard index is above the number of shards' });
export type ShardSpec = z.infer<typeof shardSpecSchema>;

/** What a shard's manifest says about its part: which shard, of which plan (the SHA-256 of the plan's target list). */
export const shardRecordSchema = z
  .object({
    index: z.number().int().min(1),
    total: z.number().int().min(1).max(MAX_SHARDS),
    plan: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("SHA-256 of the plan's sorted target list: every shard of one plan has the same."),
    targets: z.array(z.string()).describe('The plan targets this shard scanned (ids).'),
  })
  .describe('Set when the run scanned one shard of a plan (--shard I/N).');
export type ShardRecord = z.infer<typeof shardRecordSchema>;

/** What a joined manifest says about the shards it was joined from. */
export const joinRecordSchema = z
  .object({
    plan: z.string().regex(/^[0-9a-f]{64}$/),
    shards: z.array(z.object({ index: z.number().int().min(1), total: z.number().int().min(1), manifest: z.string(), sha256: z.string() })),
    scope: z
      .object({
        ledger: z.literal('not-built').describe('The join built no scope ledger: the manifest has no `scope`, and nothing here says every listed module was scanned.'),
        reason: z.string(),
        shards: z.array(
          z.object({
            index: z.number().int().min(1),
            provenanceTargets: z.array(z.string()).describe("The LifeTime targets whose provenance the shard recorded (joined into the manifest's provenance)."),
            ledger: z.boolean().describe('Whether the shard recorded a scope ledger of its own (it covers only its part of the plan, so it is not joined).'),
          }),
        ),
      })
      .optional()
      .describe('Shards with LifeTime targets: what each recorded for the scope ledger, and why the joined run has none.'),
  })
  .describe('Set on a manifest joined by `ossast merge` from every shard of one plan.');
export type JoinRecord = z.infer<typeof joinRecordSchema>;

export const shardPartSchema = z.object({
  shard: z.string().describe('"I/N", the value to pass to --shard.'),
  index: z.number().int().min(1),
  total: z.number().int().min(1),
  targets: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative().describe('Known size of its targets (local sources only).'),
  packaging: z.number().int().nonnegative().optional().describe("The shard's share of lifetime.maxConcurrentPackaging (its own limit)."),
  ids: z.array(z.string()),
});
export type ShardPart = z.infer<typeof shardPartSchema>;

export const planSchema = z.object({
  kind: z.literal('ossast-plan'),
  plan: z.string(),
  targets: z.array(planTargetSchema),
  shards: z.array(shardPartSchema),
});
export type Plan = z.infer<typeof planSchema>;
