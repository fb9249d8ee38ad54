// What the gate decides, handed to the reporters and to the CLI (which returns exitCode).
import type { FailLevel } from './level.js';

export interface GateCounts {
  /** Unsuppressed results by level (after baseline filtering when newOnly). */
  error: number;
  warning: number;
  note: number;
  /** Results carrying an accepted suppression (never counted). */
  suppressed: number;
  /** Results with baselineState "new" (0 without a baseline). */
  new: number;
  /** All results in the log, suppressed ones included. */
  total: number;
}

export interface GateResult {
  exitCode: 0 | 1 | 3;
  failOn: FailLevel;
  newOnly: boolean;
  max: number;
  counts: GateCounts;
  /** Results that count against the gate (unsuppressed, at or above failOn, new if newOnly). */
  failing: number;
  /** Runs (scanners) or targets that failed; non-empty means incomplete results. */
  failures: string[];
  /** True when failures were accepted with allowPartial. */
  partial: boolean;
  /** One line for humans, e.g. "FAILED: 3 errors at or above error". */
  summary: string;
}
