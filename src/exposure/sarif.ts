// The exposure stage as a scanner run for merge: rule ossast.exposure.unlisted-endpoint, one result per unlisted reachable endpoint.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { ScannerRun } from '../scan/types.js';
import type { Endpoint } from '../model/exposure.js';

export const EXPOSURE_SCANNER = 'ossast-exposure';
export const EXPOSURE_TOOL = 'ossast exposure';
export const UNLISTED_RULE = 'ossast.exposure.unlisted-endpoint';
export type ExposureLevel = 'error' | 'warning' | 'note';

export function unlistedRule(level: ExposureLevel): ReportingDescriptor {
  return {
    id: UNLISTED_RULE,
    name: 'UnlistedReachableEndpoint',
    shortDescription: { text: 'Endpoint reachable from outside the internal network and not on the allow-list' },
    fullDescription: {
      text: 'An exposed SOAP service or REST API answered an anonymous request from the probe URL with 2xx, and no allow-list entry covers it. Endpoints meant for internal use must have "Internal Access Only" set (they then answer 403 outside the internal network configured in Service Center).',
    },
    help: {
      text: 'Set "Internal Access Only" on the exposed SOAP service or REST API in Service Studio and republish, or, if it must be public, add an allow-list entry (id, endpoint, justification, owner, expires) with --allow or exposure.allow.',
    },
    defaultConfiguration: { level },
    properties: { tags: ['security', 'external/cwe/cwe-749'], precision: 'high' },
  };
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

/** Builds the run; `failure` makes it a failed run (the inventory or probe could not complete). */
export function exposureScannerRun(findings: Endpoint[], opts: { level: ExposureLevel; startedAt: string; endedAt: string; probed: boolean; failure?: string }): ScannerRun {
  const results: Result[] = findings.map((e) => ({
    ruleId: UNLISTED_RULE,
    level: opts.level,
    message: {
      text: `${e.kind === 'soap' ? 'SOAP service' : 'REST API'} ${e.name} (${e.path}) is reachable from outside (the probe's anonymous GET ${e.probe?.url ?? ''} answered ${e.probe?.status ?? ''}) and no allow-list entry covers it`,
    },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(e.file) }, ...(e.line ? { region: { startLine: e.line } } : {}) } }],
    properties: { 'ossast/endpoint': e.name, 'ossast/endpoint-kind': e.kind, 'ossast/endpoint-path': e.path },
  }));
  const sarif: Log = { version: '2.1.0', runs: [{ tool: { driver: { name: EXPOSURE_TOOL, informationUri: 'https://github.com/ossast/ossast', rules: [unlistedRule(opts.level)] } }, results }] };
  return {
    scanner: EXPOSURE_SCANNER,
    sarif,
    invocation: {
      commandLine: opts.probed ? 'ossast exposure (inventory and probe)' : 'ossast exposure (inventory; not probed)',
      exitCode: opts.failure ? 1 : 0,
      startTimeUtc: opts.startedAt,
      endTimeUtc: opts.endedAt,
      executionSuccessful: !opts.failure,
    },
    notifications: opts.failure ? [{ level: 'error', message: opts.failure, descriptor: 'ossast/exposure-failed' }] : [],
    skipped: [],
    rules: [],
    ...(opts.failure ? { failure: opts.failure } : {}),
  };
}
