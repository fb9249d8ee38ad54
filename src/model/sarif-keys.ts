// Names ossast uses inside SARIF (fingerprint and property keys, the source root's uriBaseId) and the small readers
// of them that merge, suppress, baseline, gate and report share.
import type { Result, Run } from 'sarif';

/**
 * partialFingerprints key of ossast's own fingerprint (versioned: change the algorithm, bump it). v2 (v1 hashed the
 * path under the source root, so the archive's name was part of it) hashes the module name and the path inside the
 * module, and the code read from the file. A v1 baseline still matches: its fingerprints are computed again in v2
 * from its own snippets and target properties, and baseline matching falls back to rule + module path + code.
 */
export const FINGERPRINT_KEY = 'ossast/v2';
/** Also written for GitHub code scanning, which reads this key. Same value as FINGERPRINT_KEY. */
export const GITHUB_FINGERPRINT_KEY = 'primaryLocationLineHash';
/** uriBaseId of every artifactLocation: the folder the sources were extracted to. */
export const SRCROOT = 'SRCROOT';
/** automationDetails.id prefix; the run's id is `ossast/<scanner>/`. */
export const AUTOMATION_PREFIX = 'ossast/';

/** Result properties ossast writes (under result.properties). */
export interface OssastResultProps {
  /** Target id ("App/Module") the result belongs to, from its path. */
  'ossast/target'?: string;
  'ossast/application'?: string;
  'ossast/module'?: string;
}

/** The fingerprint of a result, or undefined when it has none. */
export function fingerprintOf(result: Result): string | undefined {
  return result.partialFingerprints?.[FINGERPRINT_KEY];
}

/** Target id ("App/Module") of a result, as merge recorded it. */
export function targetOf(result: Result): string | undefined {
  const v = result.properties?.['ossast/target'];
  return typeof v === 'string' ? v : undefined;
}

/** Path of a result's primary location relative to its uriBaseId. */
export function primaryPath(result: Result): string | undefined {
  return result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
}

/** Whether a run's scanner failed, as ossast judged it. */
export function runFailed(run: Run): boolean {
  return (run.invocations ?? []).some((inv) => inv.executionSuccessful === false);
}

/** Whether a result is suppressed (any suppression that is not rejected or under review). */
export function isSuppressed(result: Result): boolean {
  return (result.suppressions ?? []).some((s) => s.status === undefined || s.status === 'accepted');
}
