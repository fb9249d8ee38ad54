// Pure: endpoints from the source + allow-list + probe results (+ a baseline's names) → exposure.json's report and its findings.
import type { Endpoint, ExposureReport, SourceEndpoint } from '../model/exposure.js';
import type { ProbeResult } from './probe.js';
import { allowMatcher, splitExpired, type AllowList } from './allow-list.js';

export interface ExposureInput {
  endpoints: SourceEndpoint[];
  allowList: AllowList;
  /** Aligned with `endpoints` (undefined: not probed, e.g. a screen service); absent when nothing was probed. */
  probes?: (ProbeResult | undefined)[];
  probeUrl?: string;
  /** Names in the baseline's inventory: endpoints not among them are marked new. */
  baselineNames?: ReadonlySet<string>;
  now: Date;
}

export interface ExposureOutcome {
  report: ExposureReport;
  /** Reachable from outside (probe answered 2xx) and not allow-listed: what fails `ossast exposure` and goes to SARIF. */
  findings: Endpoint[];
  /** For the log: expired and unused entries, screen services open to Anonymous. */
  warnings: string[];
}

/**
 * Unused entries are reported for the user's files only: the built-in list names platform modules most scans do not
 * hold, so its entries are expected to match nothing.
 */
export function evaluateExposure(input: ExposureInput): ExposureOutcome {
  const { active, expired } = splitExpired(input.allowList, input.now);
  const matchers = active.map((entry) => ({ entry, matches: allowMatcher(entry) }));
  const used = new Set<string>();
  const endpoints: Endpoint[] = input.endpoints.map((e, i) => {
    const hit = matchers.find((m) => m.matches(e.name));
    if (hit) used.add(hit.entry.id);
    const probe = input.probes?.[i];
    return {
      ...e,
      allowListed: Boolean(hit),
      ...(hit ? { allowEntry: { id: hit.entry.id, file: hit.entry.file, justification: hit.entry.justification } } : {}),
      ...(probe ? { probe: { url: probe.url, ...(probe.status !== undefined ? { status: probe.status } : {}), verdict: probe.verdict, ...(probe.error ? { error: probe.error } : {}) } } : {}),
      ...(input.baselineNames ? { new: !input.baselineNames.has(e.name) } : {}),
    };
  });
  const builtinFiles = new Set(input.allowList.files.filter((f) => f.builtin).map((f) => f.path));
  const unused = active.filter((e) => !used.has(e.id) && !builtinFiles.has(e.file));
  const findings = endpoints.filter(isUnlistedReachable);
  const warnings = [
    ...expired.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: allow-list entry "${e.id}" expired on ${e.expires ?? ''} and allows nothing`),
    ...unused.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: allow-list entry "${e.id}" (${e.endpoint}) matched no endpoint`),
    ...endpoints.filter((e) => e.roles?.includes('Anonymous')).map((e) => `${e.name}: screen service open to Anonymous (${e.file}${e.line ? `:${e.line}` : ''})`),
  ];
  return {
    report: {
      kind: 'ossast-exposure',
      version: 1,
      generatedAt: input.now.toISOString(),
      ...(input.probeUrl ? { probeUrl: input.probeUrl } : {}),
      endpoints,
      allowList: {
        unused: unused.map((e) => ({ id: e.id, file: e.file })),
        expired: expired.map((e) => ({ id: e.id, file: e.file, expires: e.expires ?? '' })),
      },
    },
    findings,
    warnings,
  };
}

export const isUnlistedReachable = (e: Endpoint): boolean => !e.allowListed && e.probe?.verdict === 'reachable';
