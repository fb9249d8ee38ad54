// The verdict on a log, in one order for `ossast scan` and `ossast gate`: secrets masked, suppressions applied (marked,
// never deleted), results compared with the baseline, then the gate counts what is left.
import type { Log } from 'sarif';
import type { Logger } from '../util/log.js';
import { maskSecrets } from '../merge/secrets.js';
import type { SuppressionSet } from '../suppress/load.js';
import { applySuppressionsPausing, type SuppressionReport } from '../suppress/apply.js';
import type { OwnershipVerdict } from '../suppress/platform.js';
import { applyBaseline } from '../baseline/index.js';
import { evaluateGate } from '../gate/index.js';
import type { GateConfig } from '../gate/config.js';
import type { GateResult } from '../gate/types.js';
import { checkpoint } from '../util/yield.js';

export interface JudgeOptions {
  /** Mask hard-coded secrets: after the fingerprints were taken (from the unmasked text), before suppression matches snippets. */
  redactSecrets: boolean;
  suppressions: SuppressionSet;
  /** Accept the tools' in-source suppressions (nosemgrep comments). */
  acceptInSource: boolean;
  /** Platform ownership, read from the files' content; without it no file counts as platform-owned. */
  platformOwned?: (relPath: string) => OwnershipVerdict;
  /** The previous log, read when its step comes; without it no result gets a baselineState. */
  baseline?: () => Promise<Log>;
  gate: GateConfig;
  /** Aborted on SIGINT/SIGTERM: seen between the steps (each gives the event loop a turn, so the handler runs). */
  signal?: AbortSignal;
}

export interface Judged {
  /** The log as reported: suppressions and baselineState set. */
  log: Log;
  suppressions: SuppressionReport;
  gate: GateResult;
}

/** Judges `log`, which is handed over: its results are marked in place (no copy of a log of a million results). */
export async function judgeLog(log: Log, opts: JudgeOptions, logger: Pick<Logger, 'info' | 'warn'>): Promise<Judged> {
  // Each step is synchronous over every result (hundreds of ms on a million): a turn between steps lets a signal stop the judging.
  await checkpoint(opts.signal);
  const masked = opts.redactSecrets ? maskSecrets(log) : log;
  await checkpoint(opts.signal);
  const suppressed = await applySuppressionsPausing(masked, opts.suppressions, new Date(), { acceptInSource: opts.acceptInSource, inPlace: true, ...(opts.platformOwned ? { platformOwned: opts.platformOwned } : {}) }, () =>
    checkpoint(opts.signal),
  );
  for (const n of suppressed.report.notes) logger.info(n);
  for (const w of suppressed.report.warnings) logger.warn(w);
  await checkpoint(opts.signal);
  // The log is handed over: its results are marked in place, as suppression marks them (no copy of each result).
  const compared = opts.baseline ? applyBaseline(suppressed.log, await opts.baseline(), { owned: true }) : suppressed.log;
  await checkpoint(opts.signal);
  return { log: compared, suppressions: suppressed.report, gate: evaluateGate(compared, opts.gate) };
}
