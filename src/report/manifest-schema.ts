// zod schema of the audit manifest (manifest.json); config/manifest.schema.json is generated from it.
import * as z from 'zod';
import { scanCacheCountsSchema } from '../cache/schema.js';
import { joinRecordSchema, shardRecordSchema } from '../plan/schema.js';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** How a shard's artifacts are authenticated for `ossast merge` (on a joined manifest: how the shards' were checked). */
export const shardAuthenticationSchema = z
  .object({
    authenticated: z.boolean().describe('Shard: the manifest ends with an HMAC-SHA256 (mac) under the shard key. Joined: every shard\'s was verified with the key. False: the key (keyEnv) was not set, so whoever can write the artifacts can change them unnoticed.'),
    keyEnv: z.string().describe('The environment variable holding the shard key.'),
    run: z.string().max(300).optional().describe('The CI run the shards ran in (OSSAST_RUN_ID, else GitHub GITHUB_RUN_ID, GitLab CI_PIPELINE_ID, Azure BUILD_BUILDID): the shards of a join must have the same, and the join\'s own when it has one.'),
    artifacts: z.array(z.object({ file: z.string().describe('Relative to the manifest.'), sha256: sha256Hex })).describe('The shard\'s files the join reads that the manifest does not hash elsewhere (its SARIF log), with their SHA-256.'),
    mac: sha256Hex.optional().describe('HMAC-SHA256 (hex) under the shard key of the manifest\'s bytes as they would be without this member (the text before `,\\n    "mac"` followed by `\\n  }\\n}\\n`).'),
  })
  .describe('Set on the manifests of shards (--shard I/N) and on the manifest joined from them.');
export type ShardAuthentication = z.infer<typeof shardAuthenticationSchema>;

const ref = z.object({ name: z.string(), key: z.string() });
const ruleFile = z.object({ path: z.string(), sha256: z.string() });

export const manifestSchema = z.object({
  kind: z.literal('ossast-audit-manifest'),
  manifestVersion: z.literal(1),
  ossastVersion: z.string(),
  generatedAt: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  config: z.object({ path: z.string(), sha256: z.string() }).optional().describe('The pipeline config file and its SHA-256.'),
  targets: z.array(
    z.object({
      id: z.string(),
      application: z.string().optional(),
      module: z.string().optional(),
      status: z.enum(['ok', 'failed']),
      error: z.string().optional(),
      source: z
        .object({
          kind: z.string(),
          path: z.string().describe('The input: a package or module ZIP, a .tar.gz or a folder, as given (or as downloaded from LifeTime).'),
          sha256: z.string().optional().describe("The module's own SHA-256: of its archive inside the input when it has one (archive), else of the input file. None for a folder."),
          bytes: z.number().optional().describe("Size of what sha256 hashes."),
          archive: z.string().optional().describe('The module archive inside the input (an application package\'s "<Module>.vN.zip").'),
          package: z.object({ sha256: z.string().optional(), bytes: z.number().optional() }).optional().describe('The input package\'s SHA-256 and size, when the module came from inside it.'),
          listingSha256: z
            .string()
            .optional()
            .describe("A folder's content digest: SHA-256 of its files' sha256sum listing (\"<sha256>  <path>\" lines, paths relative to the folder in byte order); in the folder: find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum"),
        })
        .describe('Where the target came from, with its own hash and size.'),
      lifetime: z
        .object({ url: z.string(), environment: ref, application: ref.optional(), module: ref.optional(), packageKey: z.string().optional(), fallbackFrom: z.string().optional(), fromCache: z.boolean().optional().describe('The package came from the cache: its modules\' versions had not changed.') })
        .optional(),
      retrieval: z.object({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number() }).optional(),
      extraction: z.object({ files: z.number(), bytes: z.number(), durationMs: z.number() }).optional().describe("Files and bytes extracted for this target; durationMs is the whole input's."),
      scan: z
        .object({
          files: z.number(),
          scannedBy: z.record(z.string(), z.number().nullable()),
          skipped: z.array(z.string()).optional(),
          coverageUnknownAccepted: z.array(z.string()).optional().describe('Scanners that cannot say which files they analysed, accepted so by the user (scanners[].coverage: unknown-accepted).'),
        })
        .optional()
        .describe('Files the target holds, how many each scanner scanned (null: the scanner does not report it), and the files a scanner skipped or did not fully analyse (each once).'),
    }),
  ),
  scanners: z.array(
    z.object({
      name: z.string(),
      toolName: z.string().optional(),
      version: z.string().optional(),
      commandLine: z.string().describe('Redacted.'),
      exitCode: z.number().nullable(),
      executionSuccessful: z.boolean(),
      startedAt: z.string(),
      finishedAt: z.string(),
      rules: z.array(ruleFile),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
      coverage: z.literal('unknown-accepted').optional().describe('The user accepted that this tool cannot say which files it analysed (scanners[].coverage: unknown-accepted).'),
      error: z.string().optional(),
      cache: scanCacheCountsSchema.optional(),
    }),
  ),
  suppressions: z.object({
    files: z.array(z.object({ path: z.string(), sha256: z.string(), builtin: z.boolean() })),
    entries: z.array(
      z.object({
        id: z.string(),
        file: z.string(),
        matched: z.number(),
        state: z.enum(['applied', 'unused', 'expired']),
        expires: z.string().optional(),
        category: z.string().optional().describe('platform-false-positive or vendor-code: findings in platform-owned code, to report to OutSystems; reports show them apart from the team\'s own suppressions.'),
        line: z.number().optional(),
        broad: z.boolean().optional().describe('The entry says broad: true: it matches any rule or any file.'),
      }),
    ),
    ownership: z
      .array(z.object({ path: z.string(), owned: z.boolean().nullable(), evidence: z.string().optional(), what: z.string(), sha256: z.string().optional() }))
      .optional()
      .describe('Platform-ownership verdicts read from file content: every file found platform-owned (with its evidence), and every file at a platform-like path found not owned (null: content not readable).'),
  }),
  baseline: z.object({ path: z.string(), sha256: z.string() }).optional(),
  shard: shardRecordSchema.optional(),
  joined: joinRecordSchema.optional(),
  exposure: z
    .object({
      file: z.string().describe('The inventory, relative to the manifest.'),
      sha256: z.string(),
      probeUrl: z.string().optional(),
      counts: z.object({
        endpoints: z.number(),
        soap: z.number(),
        rest: z.number(),
        screenServices: z.number(),
        platform: z.number(),
        allowListed: z.number(),
        probed: z.number(),
        reachable: z.number(),
        reachableUnlisted: z.number(),
        anonymous: z.number(),
        new: z.number(),
      }),
      allowLists: z.array(z.object({ path: z.string(), sha256: z.string(), builtin: z.boolean() })),
    })
    .optional()
    .describe('The exposed-interfaces inventory (exposure.json): its SHA-256, counts and the allow-list files applied.'),
  results: z.object({
    sarif: z.string().describe('File name of the merged SARIF log, relative to the manifest.'),
    total: z.number(),
    suppressed: z.number(),
    byLevel: z.object({ error: z.number(), warning: z.number(), note: z.number() }),
  }),
  gate: z.object({ exitCode: z.number(), failOn: z.string(), newOnly: z.boolean(), max: z.number(), partial: z.boolean(), failures: z.array(z.string()), summary: z.string() }),
  // Last, so a shard's authentication code closes the file (see src/merge/shard-auth.ts).
  authentication: shardAuthenticationSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function manifestJsonSchema(): string {
  return JSON.stringify({ ...z.toJSONSchema(manifestSchema), title: 'ossast audit manifest (manifest.json)' }, null, 2) + '\n';
}
