// The evidence record of one pipeline run: what was retrieved, extracted, scanned and suppressed.
// Filled by the orchestrator, read by the reporters (audit manifest, summaries).
import type { RuleFile, SkippedFile } from '../scan/types.js';
import type { ScanCacheCounts } from '../cache/schema.js';
import type { ExposureRecord } from '../exposure/output.js';
import type { JoinRecord, ShardRecord } from '../plan/schema.js';
import type { SourceTarget } from '../extract/types.js';

export interface LifetimeRef {
  name: string;
  key: string;
}

export interface TargetRecord {
  /** Same id as SourceTarget.id when extraction succeeded ("App/Module"); otherwise the requested name. */
  id: string;
  application?: string;
  module?: string;
  /**
   * Where the target came from. sha256/bytes are the module's own: its archive inside the input when it has one
   * (`archive`, e.g. "Shop_Core.v3.zip" in an application package, whose hash and size are then `package`), else the
   * input file's. A folder has neither, but the SHA-256 of its files' sha256sum listing (listingSha256).
   */
  source: { kind: string; path: string; sha256?: string; bytes?: number; archive?: string; package?: { sha256?: string; bytes?: number }; listingSha256?: string };
  lifetime?: {
    url: string;
    environment: LifetimeRef;
    application?: LifetimeRef;
    module?: LifetimeRef;
    packageKey?: string;
    /** Set when this module was fetched on its own because its application's package was over the size limit. */
    fallbackFrom?: string;
    /** True when the package came from the cache (--cache): its modules' versions had not changed. */
    fromCache?: boolean;
  };
  retrieval?: { startedAt: string; finishedAt: string; durationMs: number };
  /** Files and bytes extracted for this target; durationMs is the whole input's (one package holds several modules). */
  extraction?: { files: number; bytes: number; durationMs: number };
  /**
   * Files the target holds, how many of them each scanner scanned (null: the scanner does not report it), and the
   * files a scanner skipped or did not fully analyse (each once, relative to the source root).
   */
  scan?: { files: number; scannedBy: Record<string, number | null>; skipped?: string[]; coverageUnknownAccepted?: string[] };
  status: 'ok' | 'failed';
  /** Why the target failed (stage and message), when status is failed. */
  error?: string;
}

export interface ScannerRecord {
  name: string;
  toolName?: string;
  version?: string;
  commandLine: string;
  exitCode: number | null;
  executionSuccessful: boolean;
  startedAt: string;
  finishedAt: string;
  rules: RuleFile[];
  skipped: SkippedFile[];
  /** Set when the user accepted that the tool cannot say which files it analysed (scanners[].coverage). */
  coverage?: 'unknown-accepted';
  error?: string;
  /** With --cache: how many files the run covered, gave to the tool, and took (with how many results) from the cache. */
  cache?: ScanCacheCounts;
}

export interface SuppressionFileRecord {
  path: string;
  sha256: string;
  builtin: boolean;
}

export interface SuppressionEntryRecord {
  id: string;
  file: string;
  matched: number;
  state: 'applied' | 'unused' | 'expired';
  expires?: string;
  /** platform-false-positive or vendor-code: the entry is about platform-owned code, reported apart from the team's own. */
  category?: string;
  line?: number;
  /** The entry says broad: true (matches any rule or any file). */
  broad?: boolean;
}

/** A platform-ownership verdict read from a file's content (owned: null when it could not be read). */
export interface OwnershipVerdictRecord {
  path: string;
  owned: boolean | null;
  evidence?: string;
  what: string;
  sha256?: string;
}

export interface RunRecord {
  ossastVersion: string;
  config?: { path: string; sha256: string };
  startedAt: string;
  finishedAt?: string;
  targets: TargetRecord[];
  scanners: ScannerRecord[];
  suppressions: { files: SuppressionFileRecord[]; entries: SuppressionEntryRecord[]; ownership?: OwnershipVerdictRecord[] };
  baseline?: { path: string; sha256: string };
  /** The exposure inventory (exposure.json): its hash, counts and the endpoints, for the manifest and the reports. */
  exposure?: ExposureRecord;
  /** True when some target or scanner failed and the user accepted partial results. */
  partial: boolean;
  /** Set when this run scanned one shard of a plan (--shard I/N). */
  shard?: ShardRecord;
  /** Set on a manifest joined from every shard of one plan (ossast merge). */
  joined?: JoinRecord;
}

/** A target's source evidence: the module's own hash and size, the package's beside them when the module came from inside one. */
export function sourceOf(origin: SourceTarget['origin'], extracted?: SourceTarget['extracted']): TargetRecord['source'] {
  const own = origin.archive;
  return {
    ...(extracted?.listingSha256 ? { listingSha256: extracted.listingSha256 } : {}),
    kind: origin.kind,
    path: origin.path,
    ...(own ? { sha256: own.sha256, bytes: own.bytes, archive: own.name } : { ...(origin.sha256 ? { sha256: origin.sha256 } : {}), ...(origin.bytes !== undefined ? { bytes: origin.bytes } : {}) }),
    ...(own && (origin.sha256 || origin.bytes !== undefined) ? { package: { ...(origin.sha256 ? { sha256: origin.sha256 } : {}), ...(origin.bytes !== undefined ? { bytes: origin.bytes } : {}) } } : {}),
  };
}
