// Extraction's bounds and what one extraction returns.
import type { SourceTarget } from '../model/targets.js';

export interface ExtractLimits {
  /** Max number of entries over all archives (nested ones included). */
  maxEntries: number;
  /** Max total uncompressed bytes written. */
  maxTotalBytes: number;
  /** Max ratio uncompressed/compressed of one entry (ZIP bomb guard). */
  maxRatio: number;
  /** Max nesting depth of archives inside archives. */
  maxDepth: number;
}

export const defaultExtractLimits: ExtractLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  maxDepth: 3,
};

export interface ExtractResult {
  /** Absolute path of the source root; every target dir lies below it. */
  root: string;
  targets: SourceTarget[];
  files: number;
  bytes: number;
  durationMs: number;
  warnings: string[];
}
