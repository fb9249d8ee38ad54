// The exposure stage for `exposure`, `scan` and `run`: inventory → probe → evaluate, with its inputs loaded up front.
import type { SourceTarget } from '../model/targets.js';
import type { Logger } from '../util/log.js';
import type { ExposureConfig } from './config.js';
import type { SourceEndpoint } from '../model/exposure.js';
import { loadAllowLists, type AllowList } from './allow-list.js';
import { loadBaselineInventory } from './baseline.js';
import { evaluateExposure, type ExposureOutcome } from './evaluate.js';
import { probeEndpoints, validateProbeUrl } from './probe.js';
import { throwIfInterrupted } from '../util/errors.js';

export type Inventory = (sourceRoot: string, targets: SourceTarget[]) => Promise<SourceEndpoint[]>;

export interface ExposureInputs {
  allowList: AllowList;
  probeUrl?: string;
  baseline?: { path: string; names: Set<string> };
}

/** Everything that can be wrong in the user's files and flags, checked before long work (ConfigError/UsageError, exit 2). */
export async function loadExposureInputs(config: ExposureConfig, opts: { baseline?: string; probeUrlField?: string }): Promise<ExposureInputs> {
  const allowList = await loadAllowLists(config.allow, { builtin: config.builtin });
  const probeUrl = config.probeUrl === undefined ? undefined : validateProbeUrl(config.probeUrl, opts.probeUrlField ?? 'exposure.probeUrl');
  const baseline = opts.baseline ? await loadBaselineInventory(opts.baseline) : undefined;
  return { allowList, ...(probeUrl ? { probeUrl } : {}), ...(baseline ? { baseline } : {}) };
}

export async function runExposure(inventory: Inventory, req: { sourceRoot: string; targets: SourceTarget[]; config: ExposureConfig; inputs: ExposureInputs; log: Logger; signal?: AbortSignal; now?: Date }): Promise<ExposureOutcome> {
  const { inputs, config, log } = req;
  const endpoints = await inventory(req.sourceRoot, req.targets);
  throwIfInterrupted(req.signal);
  let probes;
  if (inputs.probeUrl) {
    const probed = endpoints.filter((e) => e.kind !== 'screen-service').length;
    log.info(`probing ${probed} SOAP/REST endpoint(s) at ${inputs.probeUrl} without credentials (screen services are not probed)`);
    probes = await probeEndpoints(endpoints, inputs.probeUrl, {
      timeoutSeconds: config.probeTimeoutSeconds,
      deadlineSeconds: config.probeDeadlineSeconds,
      concurrency: config.probeConcurrency,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    throwIfInterrupted(req.signal);
  }
  const outcome = evaluateExposure({
    endpoints,
    allowList: inputs.allowList,
    ...(probes ? { probes } : {}),
    ...(inputs.probeUrl ? { probeUrl: inputs.probeUrl } : {}),
    ...(inputs.baseline ? { baselineNames: inputs.baseline.names } : {}),
    now: req.now ?? new Date(),
  });
  for (const w of outcome.warnings) log.warn(w);
  return outcome;
}
