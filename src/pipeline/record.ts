// The evidence record of one pipeline run: what was retrieved, extracted, scanned and suppressed.
// Filled by the orchestrator, read by the reporters (audit manifest, summaries).
import type { RuleFile, SkippedFile } from '../scan/types.js';
import type { ExposureRecord } from '../exposure/output.js';
import type { JoinRecord, ShardRecord } from '../plan/schema.js';

export interface LifetimeRef {
  name: string;
  key: string;
}

export interface TargetRecord {
  /** Same id as SourceTarget.id when extraction succeeded ("App/Module"); otherwise the requested name. */
  id: string;
  application?: string;
  module?: string;
  source: { kind: string; path: string; sha256?: string; bytes?: number };
  lifetime?: {
    url: string;
    environment: LifetimeRef;
    application?: LifetimeRef;
    module?: LifetimeRef;
    packageKey?: string;
    /** Set when this module was fetched on its own because its application's package was over the size limit. */
    fallbackFrom?: string;
  };
  retrieval?: { startedAt: string; finishedAt: string; durationMs: number };
  extraction?: { files: number; bytes: number; durationMs: number };
  /** Files the target holds, and how many of them each scanner scanned (null: the scanner does not report it). */
  scan?: { files: number; scannedBy: Record<string, number | null> };
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
  error?: string;
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
}

export interface RunRecord {
  ossastVersion: string;
  config?: { path: string; sha256: string };
  startedAt: string;
  finishedAt?: string;
  targets: TargetRecord[];
  scanners: ScannerRecord[];
  suppressions: { files: SuppressionFileRecord[]; entries: SuppressionEntryRecord[] };
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
