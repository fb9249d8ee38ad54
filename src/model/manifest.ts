// zod schema of the audit manifest (manifest.json), built from the run record's parts; config/manifest.schema.json is
// generated from it.
import * as z from 'zod';
import { exposureSummarySchema, runRecordSchema, scannerRecordSchema, sha256Hex, suppressionsRecordSchema, targetRecordSchema } from './run-record.js';

/** How a shard's artifacts are authenticated for `ossast merge` (on a joined manifest: how the shards' were checked). */
export const shardAuthenticationSchema = z
  .object({
    authenticated: z
      .boolean()
      .describe("Shard: the manifest ends with an HMAC-SHA256 (mac) under the shard key. Joined: every shard's was verified with the key. False: the key (keyEnv) was not set, so whoever can write the artifacts can change them unnoticed."),
    keyEnv: z.string().describe('The environment variable holding the shard key.'),
    run: z
      .string()
      .max(300)
      .optional()
      .describe("The CI run the shards ran in (OSSAST_RUN_ID, else GitHub GITHUB_RUN_ID, GitLab CI_PIPELINE_ID, Azure BUILD_BUILDID): the shards of a join must have the same, and the join's own when it has one."),
    artifacts: z.array(z.object({ file: z.string().describe('Relative to the manifest.'), sha256: sha256Hex })).describe("The shard's files the join reads that the manifest does not hash elsewhere (its SARIF log), with their SHA-256."),
    mac: sha256Hex.optional().describe('HMAC-SHA256 (hex) under the shard key of the manifest\'s bytes as they would be without this member (the text before `,\\n    "mac"` followed by `\\n  }\\n}\\n`).'),
  })
  .describe('Set on the manifests of shards (--shard I/N) and on the manifest joined from them.');
export type ShardAuthentication = z.infer<typeof shardAuthenticationSchema>;

export const manifestSchema = z.object({
  kind: z.literal('ossast-audit-manifest'),
  manifestVersion: z.literal(1),
  ossastVersion: runRecordSchema.shape.ossastVersion,
  generatedAt: z.string(),
  startedAt: runRecordSchema.shape.startedAt,
  finishedAt: runRecordSchema.shape.finishedAt,
  config: runRecordSchema.shape.config,
  targets: z.array(targetRecordSchema),
  scanners: z.array(scannerRecordSchema),
  suppressions: suppressionsRecordSchema,
  baseline: runRecordSchema.shape.baseline,
  shard: runRecordSchema.shape.shard,
  joined: runRecordSchema.shape.joined,
  provenance: runRecordSchema.shape.provenance,
  scope: runRecordSchema.shape.scope,
  exposure: exposureSummarySchema.optional().describe('The exposed-interfaces inventory (exposure.json): its SHA-256, counts and the allow-list files applied.'),
  controls: runRecordSchema.shape.controls,
  results: z.object({
    sarif: z.string().describe('File name of the merged SARIF log, relative to the manifest.'),
    total: z.number(),
    suppressed: z.number(),
    byLevel: z.object({ error: z.number(), warning: z.number(), note: z.number() }),
  }),
  gate: z.object({ exitCode: z.number(), failOn: z.string(), newOnly: z.boolean(), max: z.number(), partial: z.boolean(), failures: z.array(z.string()), summary: z.string() }),
  // Last, so a shard's authentication code closes the file (see src/shard/seal.ts).
  authentication: shardAuthenticationSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function manifestJsonSchema(): string {
  return JSON.stringify({ ...z.toJSONSchema(manifestSchema), title: 'ossast audit manifest (manifest.json)' }, null, 2) + '\n';
}
