// exposure.json as a report file (redacted, with its SHA-256), the counts the manifest keeps, and the short table the CLI prints.
import type { ReportFile } from '../model/report-file.js';
import { jsonFile } from '../model/report-file.js';
import { redact } from '../util/redact.js';
import { sha256Hasher } from '../util/hash.js';
import type { AllowList } from './allow-list.js';
import { isUnlistedReachable } from './evaluate.js';
import type { Endpoint, ExposureReport } from '../model/exposure.js';
import type { ExposureCounts, ExposureRecord } from '../model/run-record.js';

export const EXPOSURE_FILE = 'exposure.json';

export function countEndpoints(endpoints: Endpoint[]): ExposureCounts {
  const n = (f: (e: Endpoint) => boolean) => endpoints.filter(f).length;
  return {
    endpoints: endpoints.length,
    soap: n((e) => e.kind === 'soap'),
    rest: n((e) => e.kind === 'rest'),
    screenServices: n((e) => e.kind === 'screen-service'),
    platform: n((e) => e.platform),
    allowListed: n((e) => e.allowListed),
    probed: n((e) => e.probe !== undefined),
    reachable: n((e) => e.probe?.verdict === 'reachable'),
    reachableUnlisted: n(isUnlistedReachable),
    anonymous: n((e) => e.roles?.includes('Anonymous') ?? false),
    new: n((e) => e.new === true),
  };
}

/** The file and its record: the hash is of the bytes written (every string redacted, as jsonFile writes them). */
export function exposureOutput(report: ExposureReport, allowLists: AllowList['files']): { file: ReportFile; record: ExposureRecord } {
  const content = jsonFile(report, 2);
  const hash = sha256Hasher();
  for (const chunk of content) hash.update(chunk);
  return {
    file: { name: EXPOSURE_FILE, content },
    record: { file: EXPOSURE_FILE, sha256: hash.hex(), ...(report.probeUrl ? { probeUrl: report.probeUrl } : {}), counts: countEndpoints(report.endpoints), allowLists, report },
  };
}

/** One line per endpoint, application interfaces first, platform plumbing apart; control characters shown escaped. */
export function exposureTable(report: ExposureReport): string {
  const clean = (s: string) => redact(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const line = (e: Endpoint) => {
    const probe = e.probe ? `${e.probe.verdict}${e.probe.status !== undefined ? ` (${e.probe.status})` : ''}${e.probe.error && e.probe.status === undefined ? ` (${e.probe.error})` : ''}` : e.kind === 'screen-service' ? 'not probed' : '-';
    const allow = e.allowListed ? `allowed: ${e.allowEntry?.id ?? ''}` : 'not allow-listed';
    const marks = [isUnlistedReachable(e) ? 'FINDING' : '', e.roles?.includes('Anonymous') ? 'Anonymous' : '', e.new ? 'new' : ''].filter(Boolean).join(', ');
    return `  ${clean(e.name)}  ${e.kind}  ${clean(e.path)}  internal-only: ${String(e.internalOnly)}  probe: ${clean(probe)}  ${clean(allow)}${marks ? `  [${marks}]` : ''}`;
  };
  const app = report.endpoints.filter((e) => !e.platform);
  const platform = report.endpoints.filter((e) => e.platform);
  const c = countEndpoints(report.endpoints);
  return (
    [
      `Application interfaces (${app.length}):`,
      ...(app.length ? app.map(line) : ['  (none)']),
      `Platform plumbing (${platform.length}):`,
      ...(platform.length ? platform.map(line) : ['  (none)']),
      `${c.endpoints} endpoint(s): ${c.soap} SOAP, ${c.rest} REST, ${c.screenServices} screen service(s); ${c.allowListed} allow-listed; ${report.probeUrl ? `probed at ${clean(report.probeUrl)}: ${c.reachable} reachable, ${c.reachableUnlisted} reachable and not allow-listed` : 'not probed (--probe-url)'}`,
    ].join('\n') + '\n'
  );
}
