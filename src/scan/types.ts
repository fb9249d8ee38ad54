// The scanner plugin interface and what one scanner run hands to merge.
import type { Log } from 'sarif';
import type { Logger } from '../util/log.js';
import type { SourceTarget } from '../model/targets.js';
import type { CacheStore } from '../cache/store.js';
import type { ScanCacheCounts } from '../model/run-record.js';

export interface ScanRequest {
  /** Absolute path that every target dir lies below; results are reported relative to it. */
  sourceRoot: string;
  targets: SourceTarget[];
  /** Every file inside the targets, relative to the source root, "/"-separated (from the inventory). */
  files: readonly string[];
  /** True when the source root holds nothing but the targets' files: a tool may scan the whole root. */
  onlyTargets: boolean;
  /** A private scratch folder for this scanner (raw outputs are kept there as evidence). */
  workDir: string;
  log: Logger;
  signal?: AbortSignal;
  /** The result cache (--cache): scanners that can key their results per file reuse them. */
  cache?: CacheStore;
}

export interface ToolNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  /** Short machine id, e.g. "semgrep/timeout", "ossast/skipped-file". */
  descriptor?: string;
  /** Path relative to the source root, when the notification is about a file. */
  uri?: string;
}

export interface SkippedFile {
  /** Relative to the source root. */
  path: string;
  reason: string;
}

export interface RuleFile {
  /** Display path: relative to the ossast package for bundled rules, as given for user rules. */
  path: string;
  sha256: string;
}

/** What one scanner produced; a failed run is still a run (it must show up in the SARIF log). */
export interface ScannerRun {
  /** Adapter name from the config, e.g. "semgrep" or the user's name for a command scanner. */
  scanner: string;
  toolVersion?: string;
  /** The tool's SARIF, validated; undefined when the tool failed before writing any. */
  sarif?: Log;
  invocation: {
    /** Redacted command line. */
    commandLine: string;
    exitCode: number | null;
    signal?: string;
    /** ISO times; empty when unknown (a foreign SARIF log that did not record them). */
    startTimeUtc: string;
    endTimeUtc: string;
    /** As ossast judges it, not as the tool claims. */
    executionSuccessful: boolean;
  };
  notifications: ToolNotification[];
  skipped: SkippedFile[];
  rules: RuleFile[];
  /** Files the tool says it scanned (relative to the source root); undefined when the tool does not say. */
  scannedFiles?: string[];
  /** The user accepted that this tool cannot say which files it scanned (scanners[].coverage: unknown-accepted). */
  coverageUnknownAccepted?: boolean;
  /** How many rules the tool ran, when it says. */
  rulesRun?: number;
  /** Human-readable reason when executionSuccessful is false. */
  failure?: string;
  /** With a result cache: the files of the run, how many were given to the tool, how many outcomes (and results)
   *  came from the cache. */
  cache?: ScanCacheCounts;
}

/** One scanner adapter (see scanners/). A tool failure is thrown as a ScannerError; runScanners turns it into a failed run. */
export interface Scanner {
  readonly name: string;
  /** Names of files inside the sources that would make the tool skip files (e.g. ".semgrepignore"); ossast
   *  neutralises them before any scanner runs, because files inside a package must never change what is scanned. */
  readonly ignoreFiles: readonly string[];
  /** Checks the tool before any scanner runs (e.g. that its version is supported); what it throws ends the run
   *  (a ConfigError: exit 2), unlike a failure in `scan`. */
  prepare?(req: Pick<ScanRequest, 'log' | 'cache'>): Promise<void>;
  scan(req: ScanRequest): Promise<ScannerRun>;
}
