// The evidence record of one pipeline run (what was retrieved, extracted, scanned and suppressed), as one zod schema:
// the orchestrator fills it, reporters read it, and the audit manifest (./manifest.ts) is built from the same parts.
import * as z from 'zod';
import { exposureReportSchema } from './exposure.js';
import { joinRecordSchema, shardRecordSchema } from './shard.js';
import { controlsRecordSchema } from './controls.js';
import { librariesRecordSchema } from './libraries.js';

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const ref = z.object({ name: z.string(), key: z.string() });
const ruleFile = z.object({ path: z.string(), sha256: z.string() });

/** What a scanner run took from the cache (in the manifest). */
export const scanCacheCountsSchema = z
  .object({
    files: z.number().int().min(0).describe('Files the run covered.'),
    scanned: z.number().int().min(0).describe('Files given to the tool (one of each set of identical files without a cache entry).'),
    fromCache: z.number().int().min(0).describe('Files whose outcome came from the cache.'),
    resultsFromCache: z.number().int().min(0).describe('Results of those files.'),
    authenticated: z.boolean().describe('Whether cache entries were read only with a valid HMAC-SHA256 under the key in cache.keyEnv; false: they were trusted as written, and whoever could write the cache folder could have forged them.'),
  })
  .describe('With --cache: what the run scanned and what it took from the result cache.');
export type ScanCacheCounts = z.infer<typeof scanCacheCountsSchema>;

/** One target: where it came from, how it was retrieved, extracted and scanned, and whether it failed. */
export const targetRecordSchema = z.object({
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
      bytes: z.number().optional().describe('Size of what sha256 hashes.'),
      archive: z.string().optional().describe('The module archive inside the input (an application package\'s "<Module>.vN.zip").'),
      package: z.object({ sha256: z.string().optional(), bytes: z.number().optional() }).optional().describe("The input package's SHA-256 and size, when the module came from inside it."),
      listingSha256: z
        .string()
        .optional()
        .describe(
          "A folder's content digest: SHA-256 of its files' sha256sum listing (\"<sha256>  <path>\" lines, paths relative to the folder in byte order); in the folder: find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum",
        ),
    })
    .describe('Where the target came from, with its own hash and size.'),
  lifetime: z
    .object({
      url: z.string(),
      environment: ref,
      application: ref.optional(),
      module: ref.optional(),
      packageKey: z.string().optional(),
      fallbackFrom: z.string().optional(),
      fromCache: z.boolean().optional().describe("The package came from the cache: its modules' versions had not changed."),
    })
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
});
export type TargetRecord = z.infer<typeof targetRecordSchema>;
export type LifetimeRef = z.infer<typeof ref>;

/** One scanner run: the tool, its command line (redacted), its rules and what it skipped. */
export const scannerRecordSchema = z.object({
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
});
export type ScannerRecord = z.infer<typeof scannerRecordSchema>;

/** The suppression files and entries applied, and the platform-ownership verdicts read from file content. */
export const suppressionsRecordSchema = z.object({
  files: z.array(z.object({ path: z.string(), sha256: z.string(), builtin: z.boolean() })),
  entries: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      matched: z.number(),
      state: z.enum(['applied', 'unused', 'expired']),
      expires: z.string().optional(),
      category: z.string().optional().describe("platform-false-positive or vendor-code: findings in platform-owned code, to report to OutSystems; reports show them apart from the team's own suppressions."),
      line: z.number().optional(),
      broad: z.boolean().optional().describe('The entry says broad: true: it matches any rule or any file.'),
    }),
  ),
  ownership: z
    .array(z.object({ path: z.string(), owned: z.boolean().nullable(), evidence: z.string().optional(), what: z.string(), sha256: z.string().optional() }))
    .optional()
    .describe('Platform-ownership verdicts read from file content: every file found platform-owned (with its evidence), and every file at a platform-like path found not owned (null: content not readable).'),
});
export type SuppressionsRecord = z.infer<typeof suppressionsRecordSchema>;
export type SuppressionFileRecord = SuppressionsRecord['files'][number];
export type SuppressionEntryRecord = SuppressionsRecord['entries'][number];
export type OwnershipVerdictRecord = NonNullable<SuppressionsRecord['ownership']>[number];

/** The exposure inventory's record as the manifest keeps it: its file, hash, counts and allow-list files. */
export const exposureSummarySchema = z.object({
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
});
/** What the run keeps of the exposure stage: the manifest's summary and the inventory itself, for the reports. */
export const exposureRecordSchema = exposureSummarySchema.extend({ report: exposureReportSchema });
export type ExposureRecord = z.infer<typeof exposureRecordSchema>;
export type ExposureCounts = ExposureRecord['counts'];

/** What LifeTime said runs, read once (before packaging, or after the download). */
export const provenanceReadSchema = z.object({
  readAt: z.string(),
  environment: z.object({ key: z.string(), name: z.string(), platformVersion: z.string().optional().describe("Platform Server version (the Environment's OSVersion).") }),
  application: z
    .object({
      key: z.string(),
      name: z.string(),
      versionKey: z.string().optional().describe('AppStatusInEnv.BaseApplicationVersionKey: the application version deployed, unless isModified.'),
      version: z.string().optional().describe("That application version's Version label (ApplicationVersion.Version)."),
      isModified: z.boolean().optional().describe('AppStatusInEnv.IsModified: changed in the environment since its last version (tag).'),
    })
    .optional(),
  modules: z
    .array(
      z.object({
        key: z.string(),
        name: z.string(),
        kind: z.string().optional().describe('eSpace or Extension.'),
        moduleVersionKey: z.string().optional().describe('ModuleStatusInEnv.ModuleVersionKey in this environment.'),
        generalHash: z.string().optional().describe('ModuleVersion.GeneralHash, when LifeTime gives it.'),
      }),
    )
    .describe("The target's modules in the environment (an application's: every module LifeTime lists for it)."),
  error: z.string().optional().describe('The read failed: the version that runs could not be established.'),
});
export type ProvenanceRead = z.infer<typeof provenanceReadSchema>;

/** One LifeTime target's provenance: the two reads, what changed between them, and the package that was scanned. */
export const targetProvenanceSchema = z.object({
  target: z.string().describe('The target id (application, module, or "App/Module").'),
  before: provenanceReadSchema.describe('Read before packaging was requested.'),
  after: provenanceReadSchema.optional().describe('Read again after the download.'),
  package: z
    .object({
      key: z.string().optional().describe("LifeTime's PackageKey."),
      origin: z.string().optional().describe('Origin (scheme, host, port) the package was downloaded from.'),
      sha256: sha256Hex,
      bytes: z.number(),
      fromCache: z.boolean().optional(),
    })
    .optional(),
  consistent: z.boolean().describe('Both reads succeeded and agree: the package is the version that runs.'),
  changes: z
    .array(z.object({ field: z.string().describe('Dot-path, e.g. modules.ShopCore.moduleVersionKey.'), before: z.union([z.string(), z.boolean()]).nullable(), after: z.union([z.string(), z.boolean()]).nullable() }))
    .describe('Every value that differs between the two reads (null: absent in that read).'),
});
export const provenanceRecordSchema = z.array(targetProvenanceSchema).describe('Provenance of the code scanned, per LifeTime target: what runs, read before packaging and after the download.');
export type TargetProvenance = z.infer<typeof targetProvenanceSchema>;

/** An allow-list entry that accepts a module LifeTime lists but the run did not scan. */
export const scopeAcceptanceSchema = z.object({ justification: z.string(), owner: z.string(), expires: z.string(), line: z.number().optional() });

/** Per application: what LifeTime lists against what the run scanned, and how much of it was analysed. */
export const scopeApplicationSchema = z.object({
  application: z.string(),
  environment: z.string(),
  modules: z.array(
    z.object({
      name: z.string(),
      key: z.string(),
      kind: z.string(),
      status: z.enum(['scanned', 'missing', 'accepted', 'extension']).describe('extension: listed, but LifeTime gives no code for extensions; accepted: missing, accepted by an allow-list entry.'),
      via: z
        .enum(['package', 'fallback', 'module'])
        .optional()
        .describe("package: in the application's package; fallback: fetched on its own because the package was over LifeTime's size limit; module: fetched on its own (splitApplications)."),
      files: z.number().optional(),
      notFullyAnalysed: z.number().optional().describe('Files a scanner skipped or did not fully analyse.'),
      acceptedBy: scopeAcceptanceSchema.optional(),
    }),
  ),
  unlisted: z.array(z.string()).describe('Modules in the package that LifeTime does not list for the application.'),
  skipped: z.array(z.object({ module: z.string(), path: z.string() })).describe('Files skipped or not fully analysed, per module.'),
  coverage: z.object({
    modulesListed: z.number().describe('eSpace modules LifeTime lists (extensions have no code to get).'),
    modulesScanned: z.number(),
    files: z.number(),
    filesFullyAnalysed: z.number(),
    percent: z.number().describe('Fully analysed files of the listed eSpace modules, as a share of all their files, times the share of listed eSpace modules scanned (0-100, one decimal).'),
  }),
});
export const scopeRecordSchema = z.object({ applications: z.array(scopeApplicationSchema), extensionsNote: z.string() }).describe('The scope ledger: per LifeTime application, the modules LifeTime lists against the modules scanned.');
export type ScopeRecord = z.infer<typeof scopeRecordSchema>;
export type ScopeApplication = z.infer<typeof scopeApplicationSchema>;

export const runRecordSchema = z.object({
  ossastVersion: z.string(),
  config: z.object({ path: z.string(), sha256: z.string() }).optional().describe('The pipeline config file and its SHA-256.'),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  targets: z.array(targetRecordSchema),
  scanners: z.array(scannerRecordSchema),
  suppressions: suppressionsRecordSchema,
  baseline: z.object({ path: z.string(), sha256: z.string() }).optional(),
  /** The exposure inventory (exposure.json): its hash, counts and the endpoints, for the manifest and the reports. */
  exposure: exposureRecordSchema.optional(),
  /** True when some target or scanner failed and the user accepted partial results. */
  partial: z.boolean(),
  /** Set when this run scanned one shard of a plan (--shard I/N). */
  shard: shardRecordSchema.optional(),
  /** Set on a manifest joined from every shard of one plan (ossast merge). */
  joined: joinRecordSchema.optional(),
  /** Per OWASP Top 10 2021 category and PCI DSS 6.2.4 class: rules that ran, findings, NOT COVERED (src/evidence/controls.ts). */
  controls: controlsRecordSchema.optional(),
  /** With --format cyclonedx: the platform libraries found per module and the vendor's statements (src/evidence/libraries.ts). */
  libraries: librariesRecordSchema.optional(),
  /** LifeTime targets: the version that runs, read before packaging and after the download. */
  provenance: provenanceRecordSchema.optional(),
  /** LifeTime applications: the modules listed against the modules scanned. */
  scope: scopeRecordSchema.optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;
