// What GitLab's two reports share: severity by CVSS band, a stable id per finding, JSON text that is always redacted.
import type { Result } from 'sarif';
import { fingerprintOf, primaryPath } from '../model/sarif-keys.js';
import { redactWhole, shorten } from '../util/redact.js';
import { sha256Hex } from '../util/hash.js';

export type GitlabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown';

/** CVSS bands (as GitHub and GitLab read security-severity): 9.0+ Critical, 7.0+ High, 4.0+ Medium, above 0 Low. */
export function severityOf(securitySeverity: string | undefined, level: string): GitlabSeverity {
  if (securitySeverity !== undefined) {
    const n = Number(securitySeverity);
    return n >= 9 ? 'Critical' : n >= 7 ? 'High' : n >= 4 ? 'Medium' : n > 0 ? 'Low' : 'Info';
  }
  return level === 'error' ? 'High' : level === 'warning' ? 'Medium' : level === 'note' ? 'Low' : 'Info';
}

/** A stable hex digest of the tool, rule and ossast's fingerprint: the same finding gets the same one in every run. */
export function findingDigest(tool: string, ruleId: string, r: Result): string {
  const where = fingerprintOf(r) ?? `${primaryPath(r)}:${r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0}:${r.message.text ?? ''}`;
  return sha256Hex(`${tool}\0${ruleId}\0${where}`);
}

/** The digest in UUID form (version 5 and variant bits set), as GitLab recommends for vulnerability ids. */
export function uuidOf(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A string as JSON text, redacted first. */
export const jsonText = (s: string): string => JSON.stringify(redactWhole(s));

/** jsonText with a bounded cache, for strings many findings share (file paths, rule ids). */
export function cachedJsonText(limit = 100_000): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let t = cache.get(s);
    if (t === undefined) {
      t = jsonText(s);
      if (cache.size < limit) cache.set(s, t);
    }
    return t;
  };
}

/** Redacted first, then cut to `max` code points (cutting first could leave part of a secret that redaction no longer sees). */
export function clip(text: string, max: number): string {
  return shorten(text, max, '…', { codePoints: true });
}
