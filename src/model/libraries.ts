// The third-party libraries found bundled in the scanned modules (for the CycloneDX SBOM and VEX), and what the
// platform's vendor documents about their known vulnerabilities.
import * as z from 'zod';

export const libraryFindingSchema = z.object({
  name: z.string().describe('The npm package name.'),
  version: z.string().optional().describe('None when the file does not say it.'),
  purl: z.string().describe('Package URL (pkg:npm/...).'),
  file: z.string().describe('The file it was found in, relative to the target.'),
  sha256: z.string(),
  evidence: z.string().describe('What in the content identified it (banner, AMD module id, version string).'),
});
export type LibraryFinding = z.infer<typeof libraryFindingSchema>;

export const vexStatementSchema = z.object({
  library: z.string(),
  version: z.string(),
  id: z.string().describe('CVE identifier.'),
  state: z.enum(['false_positive', 'not_affected', 'in_triage', 'exploitable', 'resolved']).describe('CycloneDX impact analysis state.'),
  response: z.array(z.enum(['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'])).optional(),
  detail: z.string(),
  source: z.object({ name: z.string(), url: z.string() }).describe('Where the statement comes from (the vendor document).'),
  listedBy: z.string().describe('Where the vulnerability is listed for this version.'),
});
export type VexStatement = z.infer<typeof vexStatementSchema>;

export const librariesRecordSchema = z
  .object({
    targets: z.array(z.object({ id: z.string(), module: z.string(), application: z.string().optional(), libraries: z.array(libraryFindingSchema) })),
    statements: z.array(vexStatementSchema).describe('Known vulnerabilities of the libraries found, with what the vendor documents about them.'),
  })
  .describe('Third-party libraries the platform bundles, found by content in each module (cyclonedx output).');
export type LibrariesRecord = z.infer<typeof librariesRecordSchema>;
