// The signed payload: an in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md) whose subjects
// are the run's output files and downloaded packages, and whose predicate is ossast's evidence of the run.
import * as z from 'zod';

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** ossast's predicate type: a TypeURI naming version 1 of the predicate below (described in docs/evidence.md), not a web address. */
export const PREDICATE_TYPE = 'urn:ossast:evidence:v1';
/** The bundle's name in the output folder. */
export const EVIDENCE_FILE = 'evidence.dsse.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');
const fileDigest = z.object({ path: z.string(), sha256 });

/** A subject (a ResourceDescriptor with name and digest): a file, named by its path relative to the output folder. */
export const subjectSchema = z.object({ name: z.string(), digest: z.object({ sha256 }).catchall(z.string()) }).catchall(z.unknown());
export type Subject = z.infer<typeof subjectSchema>;

export const predicateSchema = z.object({
  ossastVersion: z.string(),
  command: z.enum(['scan', 'run', 'merge']),
  verdict: z
    .enum(['pass', 'fail', 'incomplete', 'not-gated'])
    .describe('pass: exit 0; fail: findings at or above the gate (exit 1); incomplete: a target or scanner failed (exit 3); not-gated: ossast merge of logs that are not shards of one plan (no gate ran).'),
  exitCode: z.number().int(),
  summary: z.string().optional(),
  partial: z.boolean().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  scanners: z.array(z.object({ name: z.string(), toolName: z.string().optional(), version: z.string().optional() })),
  rulePacks: z.array(fileDigest).describe('Every rule file the scanners loaded, with its SHA-256.'),
  suppressions: z.array(fileDigest.extend({ builtin: z.boolean() })),
  allowLists: z.array(fileDigest.extend({ builtin: z.boolean(), kind: z.string() })).describe('Allow-list files (exposure, scope) with their SHA-256.'),
  config: fileDigest.optional(),
  controlsMapping: fileDigest.optional().describe('The controls mapping (config/controls.yml) the controls section used.'),
  baseline: fileDigest.optional(),
  packages: z
    .array(z.object({ name: z.string(), sha256, bytes: z.number().optional(), origin: z.string(), subject: z.boolean() }))
    .describe('Every input package: downloaded ones are also subjects (subject: true); local inputs are named with their digest.'),
  scopeAllowList: z
    .object({
      file: fileDigest.describe('The config file the entries were read from (scope.acceptMissing), with its SHA-256.'),
      entries: z.array(
        z.object({
          application: z.string(),
          module: z.string(),
          justification: z.string(),
          owner: z.string(),
          expires: z.string(),
          used: z.boolean().describe("Whether the entry accepted a module the run's scope ledger found missing."),
        }),
      ),
    })
    .optional()
    .describe('The scope allow-list (scope.acceptMissing): every entry of the config, with justification, owner and expiry, and whether this run used it.'),
  provenance: z.unknown().optional().describe("The run record's provenance of the running code (LifeTime keys and versions before and after packaging), when the run has one."),
});
export type Predicate = z.infer<typeof predicateSchema>;

export const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.string(),
  predicate: z.unknown(),
});
export type Statement = z.infer<typeof statementSchema>;

/** The statement for these subjects (sorted by name: the same run gives the same bytes) and predicate. */
export function buildStatement(subjects: { name: string; sha256: string }[], predicate: Predicate): Statement {
  const sorted = [...subjects].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { _type: STATEMENT_TYPE, subject: sorted.map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })), predicateType: PREDICATE_TYPE, predicate: predicateSchema.parse(predicate) };
}
