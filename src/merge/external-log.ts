// A SARIF log written by any tool, as merge input: one ScannerRun per run, named after the tool that wrote it.
import type { ScannerRun } from '../scan/types.js';
import type { SarifLog } from '../model/sarif.js';
import * as z from 'zod';
import { AUTOMATION_PREFIX } from '../model/sarif-keys.js';

/** The rule files an ossast log names in a run's properties ("ossast/rules"); anything else is not taken. */
const ruleFilesSchema = z.array(z.object({ path: z.string(), sha256: z.string() }));

/** A run ossast wrote keeps its scanner's name (automationDetails.id `ossast/<name>/`), so merging again changes nothing. */
function scannerName(run: SarifLog['runs'][number]): string {
  const id = run.automationDetails?.id;
  const m = id?.startsWith(AUTOMATION_PREFIX) ? /^([^/]+)\/$/.exec(id.slice(AUTOMATION_PREFIX.length)) : null;
  return m?.[1] ?? run.tool.driver.name;
}

/** The log's runs as merge input; the invocations say what the tool recorded (nothing is made up when it did not). */
export function foreignRuns(log: SarifLog): ScannerRun[] {
  return log.runs.map((run) => {
    const invocations = run.invocations ?? [];
    const first = invocations[0];
    const last = invocations[invocations.length - 1];
    const version = run.tool.driver.semanticVersion ?? run.tool.driver.version;
    return {
      scanner: scannerName(run),
      ...(version ? { toolVersion: version } : {}),
      sarif: { ...log, runs: [run] },
      invocation: {
        commandLine: first?.commandLine ?? '',
        exitCode: first?.exitCode ?? null,
        startTimeUtc: first?.startTimeUtc ?? '',
        endTimeUtc: last?.endTimeUtc ?? '',
        // A run that does not say how its tool ended is taken at its word that it produced these results.
        executionSuccessful: invocations.every((i) => i.executionSuccessful),
      },
      notifications: [],
      skipped: [],
      // A log ossast wrote keeps naming its rule files when merged again.
      rules: ruleFilesSchema.safeParse(run.properties?.['ossast/rules']).data ?? [],
    };
  });
}
