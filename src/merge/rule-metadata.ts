// Completes a rule's descriptive fields for code scanning: title, description, Markdown help, help link, security-severity.
import type { ReportingDescriptor } from 'sarif';
import { shorten } from '../util/redact.js';

/**
 * security-severity (a CVSS-like score, 0.0–10.0) by CWE, for rules that do not carry their own. GitHub code scanning
 * shows > 9.0 as Critical, 7.0–8.9 High, 4.0–6.9 Medium, 0.1–3.9 Low ("About code scanning alerts", GitHub docs); GitLab
 * uses the same bands. The numbers are the CVSS v3.1 base scores of the weakness's typical, remotely reachable form
 * (injection of code or commands and hard-coded secrets high, weak crypto and randomness medium, information exposure low).
 */
export const SECURITY_SEVERITY_BY_CWE: Readonly<Record<number, string>> = {
  77: '9.8', // command injection
  78: '9.8', // OS command injection
  94: '9.8', // code injection
  95: '9.8', // eval injection
  89: '8.8', // SQL injection
  502: '8.8', // deserialisation of untrusted data
  798: '8.1', // hard-coded credentials
  259: '8.1', // hard-coded password
  321: '8.1', // hard-coded cryptographic key
  22: '7.5', // path traversal
  611: '7.5', // XML external entities
  918: '7.5', // server-side request forgery
  295: '7.4', // improper certificate validation
  352: '6.5', // cross-site request forgery
  79: '6.1', // cross-site scripting
  601: '6.1', // open redirect
  345: '5.9', // insufficient verification of data authenticity (postMessage)
  327: '5.9', // broken or risky cryptographic algorithm
  328: '5.9', // weak hash
  326: '5.9', // inadequate encryption strength
  338: '5.3', // weak PRNG
  330: '5.3', // insufficiently random values
  749: '5.3', // exposed dangerous method or function
  1104: '5.3', // unmaintained third-party components
  1035: '5.3', // known-vulnerable components (OWASP A06)
  209: '3.7', // error message containing sensitive information
  200: '3.7', // exposure of sensitive information
  532: '3.7', // sensitive information in a log file
  614: '3.1', // cookie without Secure
  1004: '3.1', // cookie without HttpOnly
};

/** For security rules whose CWE is not in the table: by the rule's level. */
const BY_LEVEL: Readonly<Record<string, string>> = { error: '7.5', warning: '5.0', note: '3.0' };

const SEMGREP_PLACEHOLDER = /^Semgrep Finding: /;
const TITLE_MAX = 120;

/** The CWE numbers a rule is tagged with ("CWE-89: ..." in properties.tags, as Semgrep and most tools write them). */
export function cwesOf(rule: ReportingDescriptor): number[] {
  const tags: unknown = rule.properties?.tags;
  const out = new Set<number>();
  if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string') for (const m of t.matchAll(/\bCWE-(\d+)/gi)) out.add(Number(m[1]));
  return [...out];
}

/** A valid security-severity: a number from 0.0 to 10.0 written as a string. */
export function validSeverity(v: unknown): string | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !/^\d{1,2}(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 0 && n <= 10 ? text : undefined;
}

/** The security-severity a rule gets: its own, else the highest of its CWEs in the table, else by level for security rules. */
export function securitySeverityOf(rule: ReportingDescriptor): string | undefined {
  const own = validSeverity(rule.properties?.['security-severity']);
  if (own !== undefined) return own;
  const cwes = cwesOf(rule);
  const scores = cwes.map((c) => SECURITY_SEVERITY_BY_CWE[c]).filter((s): s is string => s !== undefined);
  if (scores.length) return scores.sort((a, b) => Number(b) - Number(a))[0];
  const tags: unknown = rule.properties?.tags;
  const security = cwes.length > 0 || (Array.isArray(tags) && tags.includes('security'));
  return security ? BY_LEVEL[rule.defaultConfiguration?.level ?? 'warning'] : undefined;
}

/** The first sentence of a text, at most TITLE_MAX characters. */
function firstSentence(text: string): string {
  const one = text.trim().split(/(?<=[.!?])\s+|\n/)[0] ?? '';
  return shorten(one, TITLE_MAX);
}

/**
 * The rule with what code scanning shows filled in where the tool left it out (nothing the tool wrote is replaced,
 * except Semgrep's placeholder title "Semgrep Finding: <id>"): shortDescription (the alert title), fullDescription,
 * help (text and Markdown with the CWE references), helpUri (the first CWE's page) and properties.security-severity.
 */
export function describeRule(rule: ReportingDescriptor): ReportingDescriptor {
  const full = rule.fullDescription?.text?.trim() || undefined;
  const shortText = rule.shortDescription?.text?.trim();
  const title = shortText && !SEMGREP_PLACEHOLDER.test(shortText) ? shortText : rule.name && rule.name !== rule.id ? rule.name : full ? firstSentence(full) : rule.id;
  const cwes = cwesOf(rule);
  const cweLinks = cwes.map((c) => `- [CWE-${c}](https://cwe.mitre.org/data/definitions/${c}.html)`);
  const helpText = full ?? title;
  const severity = securitySeverityOf(rule);
  return {
    ...rule,
    shortDescription: { ...(rule.shortDescription ?? {}), text: title },
    fullDescription: rule.fullDescription?.text ? rule.fullDescription : { text: title },
    help: rule.help?.text ? rule.help : { text: helpText, markdown: cweLinks.length ? `${helpText}\n\n**References**\n\n${cweLinks.join('\n')}\n` : helpText },
    ...(rule.helpUri || !cwes.length ? {} : { helpUri: `https://cwe.mitre.org/data/definitions/${cwes[0]}.html` }),
    ...(severity === undefined ? {} : { properties: { ...(rule.properties ?? {}), 'security-severity': severity } }),
  };
}
