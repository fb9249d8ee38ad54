// DefectDojo's "Generic Findings Import" JSON (defectdojo.json), keeping ossast's meaning of suppressions.
//
// Why not results.sarif: DefectDojo's SARIF parser marks every result with a non-empty `suppressions` array as a
// false positive whatever its status (an unaccepted `nosemgrep`, a suppression under review, vendor code), drops the
// justification and cuts titles at 150 characters. The generic import takes the flags as ossast decided them:
// - open findings (no suppression, or one under review or rejected): active; under review flagged as such;
// - accepted suppressions of OutSystems' documented false positives (category platform-false-positive): false_p;
// - every other accepted suppression (vendor code to report to OutSystems, the team's own accepted risks):
//   risk_accepted, with the justification, owner, expiry and ticket in the description;
// - results a baseline marked absent are left out (they are gone).
import type { ReportingDescriptor, Result, Run } from 'sarif';
import type { Reporter, ReportInput } from './types.js';
import { reiterable } from '../model/report-file.js';
import { redactWhole } from '../util/redact.js';
import { levelOf, ruleOf } from '../model/sarif-rules.js';
import { fingerprintOf, primaryPath } from '../model/sarif-keys.js';
import { elementOf, elementText, serviceStudioText } from '../model/element.js';
import { cwesOf, securitySeverityOf } from '../merge/rule-metadata.js';
import { clip, severityOf } from './gitlab-shared.js';
import { GROUP_KEY } from '../suppress/apply.js';

export const DEFECTDOJO_FILE = 'defectdojo.json';
/** DefectDojo keeps titles of at most 150 characters (it shortens longer ones itself, at a word). */
export const TITLE_MAX = 150;
const BATCH = 64 * 1024;

/** The fields of one finding, as DefectDojo's generic JSON parser reads them. */
export interface DojoFinding {
  title: string;
  severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';
  description: string;
  cwe?: number;
  file_path: string;
  line?: number;
  component_name?: string;
  unique_id_from_tool?: string;
  vuln_id_from_tool: string;
  static_finding: true;
  dynamic_finding: false;
  active: boolean;
  verified: false;
  false_p: boolean;
  risk_accepted: boolean;
  under_review: boolean;
  mitigation?: string;
  references?: string;
  tags: string[];
}

const one = (s: string) => s.replace(/\s+/g, ' ').trim();
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const httpUrl = (u: string | undefined) => (u !== undefined && /^https?:\/\/\S+$/.test(u) ? u : undefined);

/**
 * A title a reviewer can scan: what (the rule's short description, else its id) and where (the Service Studio
 * element, else the file name), on one line within TITLE_MAX characters, so DefectDojo keeps it as it is.
 */
export function titleOf(rule: ReportingDescriptor | undefined, ruleId: string, r: Result): string {
  const what = clip(one(rule?.shortDescription?.text || ruleId), 100);
  const element = elementOf(r);
  const where = element ? elementText({ kind: element.kind, name: element.name }) : (primaryPath(r) ?? '').split('/').pop() || '';
  return clip(one(where ? `${what} in ${where}` : what), TITLE_MAX);
}

/** The state DefectDojo should give a result: ossast's accepted suppressions only, as false positive or accepted risk. */
function stateOf(r: Result): Pick<DojoFinding, 'active' | 'false_p' | 'risk_accepted' | 'under_review'> & { note?: string } {
  const accepted = (r.suppressions ?? []).find((s) => s.status === undefined || s.status === 'accepted');
  if (accepted) {
    const p = accepted.properties ?? {};
    const falsePositive = p[GROUP_KEY] === 'platform-false-positive';
    const lines = [
      `**Suppressed by ossast (${falsePositive ? 'false positive per OutSystems' : p[GROUP_KEY] === 'vendor-code' ? 'vendor code: report to OutSystems' : 'accepted risk'})**`,
      `Justification: ${accepted.justification ?? '(none)'}`,
      ...(str(p['owner']) ? [`Owner: ${str(p['owner'])}`] : []),
      ...(str(p['expires']) ? [`Expires: ${str(p['expires'])}`] : []),
      ...(str(p['ticket']) ? [`Ticket: ${str(p['ticket'])}`] : []),
      ...(str(p['ossast/entry']) ? [`Entry: ${str(p['ossast/entry'])}${str(p['ossast/file']) ? ` (${str(p['ossast/file'])})` : ''}`] : accepted.kind === 'inSource' ? ['Entry: in-source comment'] : []),
    ];
    return { active: false, false_p: falsePositive, risk_accepted: !falsePositive, under_review: false, note: lines.join('\n') };
  }
  const review = (r.suppressions ?? []).find((s) => s.status === 'underReview');
  return {
    active: true,
    false_p: false,
    risk_accepted: false,
    under_review: review !== undefined,
    ...(review ? { note: `**Suppression under review, not accepted: the finding stays open.**${str(review.properties?.['ossast/not-accepted']) ? ` ${str(review.properties?.['ossast/not-accepted'])}` : ''}` } : {}),
  };
}

/** One DefectDojo finding for a result. */
export function dojoFinding(run: Run, r: Result): DojoFinding {
  const rule = ruleOf(run, r);
  const ruleId = r.ruleId || rule?.id || 'unknown-rule';
  const region = r.locations?.[0]?.physicalLocation?.region;
  const cwe = rule ? cwesOf(rule)[0] : undefined;
  const { note, ...state } = stateOf(r);
  const fix = serviceStudioText(r);
  const snippet = region?.snippet?.text;
  const path = primaryPath(r) ?? '';
  const description = [
    r.message.text ?? r.message.markdown ?? ruleId,
    ...(fix ? ['', fix.replace(/^fix/, 'Fix')] : []),
    '',
    `Location: ${path}${region?.startLine ? `:${region.startLine}` : ''}`,
    ...(snippet ? ['', '```', clip(snippet, 2000), '```'] : []),
    ...(note ? ['', note] : []),
  ].join('\n');
  const help = rule?.help?.markdown ?? rule?.help?.text;
  const module = str(r.properties?.['ossast/module']);
  const element = elementOf(r);
  const fp = fingerprintOf(r);
  const helpUri = httpUrl(rule?.helpUri);
  // As GitLab's report: the CVSS band of the rule's security-severity, else the level (error High, warning Medium).
  const severity = severityOf(rule ? securitySeverityOf(rule) : undefined, levelOf(run, r));
  return {
    title: titleOf(rule, ruleId, r),
    severity: severity === 'Unknown' ? 'Info' : severity,
    description: clip(description, 100_000),
    ...(cwe !== undefined ? { cwe } : {}),
    file_path: path,
    ...(region?.startLine ? { line: region.startLine } : {}),
    ...(module ? { component_name: module } : {}),
    // ossast's line-independent fingerprint: DefectDojo's deduplication on unique_id_from_tool keeps a finding's
    // history (and its false-positive or accepted state) across rebuilds that move lines.
    ...(fp ? { unique_id_from_tool: fp } : {}),
    vuln_id_from_tool: ruleId,
    static_finding: true,
    dynamic_finding: false,
    verified: false,
    ...state,
    ...(help ? { mitigation: clip(help, 20_000) } : {}),
    ...(helpUri ? { references: helpUri } : {}),
    tags: ['ossast', ...(element ? [`element-${element.kind}`] : [])],
  };
}

/** JSON.stringify's replacer: every string value redacted (the keys are ossast's own). */
const redacted = (_key: string, v: unknown) => (typeof v === 'string' ? redactWhole(v) : v);

function* chunks(input: ReportInput): Generator<string, void, undefined> {
  const head = { name: 'ossast', type: 'Generic Findings Import', version: input.record.ossastVersion, static_tool: true, dynamic_tool: false };
  let buf = `${JSON.stringify(head, redacted).slice(0, -1)},"findings":[`;
  let first = true;
  for (const run of input.log.runs) {
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent') continue;
      buf += (first ? '' : ',') + JSON.stringify(dojoFinding(run, r), redacted);
      first = false;
      if (buf.length >= BATCH) {
        yield buf;
        buf = '';
      }
    }
  }
  yield `${buf}]}\n`;
}

/** The import file as chunks; every string from the log is redacted. */
export function renderDefectdojo(input: ReportInput): Iterable<string> {
  return reiterable(() => chunks(input));
}

export const defectdojoReporter = {
  format: 'defectdojo',
  render: (input) => [{ name: DEFECTDOJO_FILE, content: renderDefectdojo(input) }],
} satisfies Reporter;
