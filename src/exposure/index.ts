// The exposure stage inside `scan` and `run`: inventory, probe and evaluation as one SARIF run, exposure.json and the record.
import type { SourceTarget } from '../model/targets.js';
import type { Logger } from '../util/log.js';
import type { ScannerRun } from '../scan/types.js';
import type { ReportFile } from '../model/report-file.js';
import type { ExposureConfig } from './config.js';
import { describeError, InterruptedError } from '../util/errors.js';
import { inventoryOf } from './inventory.js';
import { runExposure, type ExposureInputs } from './assess.js';
import { exposureScannerRun } from './sarif.js';
import { exposureOutput } from './exposure-file.js';
import type { ExposureRecord } from '../model/run-record.js';

export { loadExposureInputs } from './assess.js';

export interface ExposureStageResult {
  /**
   * Merged with the scanners' runs when the endpoints were probed (results are possible) or the stage failed (the run
   * is then partial: exit 3 unless --allow-partial). Without a probe no result can come of it and no run is added.
   */
  run?: ScannerRun;
  file?: ReportFile;
  record?: ExposureRecord;
}

/** exposure.json goes beside results.sarif, and with the manifest that records its hash: with neither, it is not written. */
export function exposureFiles(result: ExposureStageResult | undefined, formats: readonly string[]): ReportFile[] {
  return result?.file && formats.some((f) => f === 'sarif' || f === 'manifest') ? [result.file] : [];
}

/**
 * SARIF results: one per endpoint that the probe reached (2xx) and no allow-list entry covers. Without a probe no
 * endpoint is known to be reachable, so there are no results: the inventory (exposure.json, reports) still lists
 * every endpoint, with internalOnly "unknown" where the source cannot tell.
 */
export async function exposureStage(req: { sourceRoot: string; targets: SourceTarget[]; config: ExposureConfig; inputs: ExposureInputs; log: Logger; signal?: AbortSignal }): Promise<ExposureStageResult> {
  const startedAt = new Date().toISOString();
  const probed = req.inputs.probeUrl !== undefined;
  try {
    const outcome = await runExposure((root, targets) => inventoryOf(root, targets, { log: req.log }), req);
    const { file, record } = exposureOutput(outcome.report, req.inputs.allowList.files);
    const run = probed ? exposureScannerRun(outcome.findings, { level: req.config.level, startedAt, endedAt: new Date().toISOString(), probed }) : undefined;
    return { ...(run ? { run } : {}), file, record };
  } catch (err) {
    if (err instanceof InterruptedError || req.signal?.aborted) throw err;
    const failure = `exposure inventory failed: ${describeError(err)}`;
    req.log.error(failure);
    return { run: exposureScannerRun([], { level: req.config.level, startedAt, endedAt: new Date().toISOString(), probed, failure }) };
  }
}
