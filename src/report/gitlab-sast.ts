// GitLab's SAST security report (gl-sast-report.json, schema 15.2.1) for `artifacts:reports:sast`; suppressed findings left out.
import { createHash } from 'node:crypto';
import type { ReportingDescriptor, Result, Run } from 'sarif';
import type { Reporter, ReportInput } from './types.js';
import { reiterable } from './content.js';
import { jsonChunks } from './json-chunks.js';
import { fingerprintOf, isSuppressed, levelOf, primaryPath, ruleOf } from '../merge/conventions.js';
import { cwesOf, securitySeverityOf } from '../merge/rule-metadata.js';
import { redact } from '../util/redact.js';

export const GITLAB_SAST_FILE = 'gl-sast-report.json';
/** The schema version written; GitLab accepts 15.x reports (https://docs.gitlab.com/ee/development/integrations/secure.html). */
export const GITLAB_SCHEMA_VERSION = '15.2.1';
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/sast-report-format.json`;

type Severity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown';

/** CVSS bands (as GitHub and GitLab read security-severity): 9.0+ Critical, 7.0+ High, 4.0+ Medium, above 0 Low. */
export function severityOf(securitySeverity: string | undefined, level: string): Severity {
  if (securitySeverity !== undefined) {
    const n = Number(securitySeverity);
    return n >= 9 ? 'Critical' : n >= 7 ? 'High' : n >= 4 ? 'Medium' : n > 0 ? 'Low' : 'Info';
  }
  return level === 'error' ? 'High' : level === 'warning' ? 'Medium' : level === 'note' ? 'Low' : 'Info';
}

/** Redacted first, then cut to `max` code points (cutting first could leave part of a secret that redaction no longer sees). */
function clip(text: string, max: number): string {
  const clean = redact(text);
  if (clean.length <= max) return clean;
  let out = '';
  let n = 0;
  for (const ch of clean) {
    if (++n > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const httpUrl = (u: string | undefined) => (u !== undefined && /^https?:\/\/\S+$/.test(u) ? u : undefined);

interface RuleFacts {
  id: string;
  name: string;
  solution: string | undefined;
  securitySeverity: string | undefined;
  identifiers: { type: string; name: string; value: string; url?: string }[];
  links: { url: string }[];
}

/** What every vulnerability of a rule shares, computed once per rule. */
function ruleFacts(run: Run, rule: ReportingDescriptor | undefined, ruleId: string): RuleFacts {
  const scanner = String(run.properties?.['ossast/scanner'] ?? run.tool.driver.name).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'ossast';
  const help = rule?.help?.markdown ?? rule?.help?.text;
  const helpUri = httpUrl(rule?.helpUri);
  return {
    id: ruleId,
    name: clip(rule?.shortDescription?.text || ruleId, 255),
    solution: help ? clip(help, 7000) : undefined,
    securitySeverity: rule ? securitySeverityOf(rule) : undefined,
    identifiers: [
      // The first identifier is the primary one GitLab tracks a vulnerability by: the rule.
      { type: `${scanner}_id`, name: clip(ruleId, 255), value: clip(ruleId, 255), ...(helpUri ? { url: helpUri } : {}) },
      ...(rule ? cwesOf(rule) : []).map((c) => ({ type: 'cwe', name: `CWE-${c}`, value: String(c), url: `https://cwe.mitre.org/data/definitions/${c}.html` })),
    ],
    links: helpUri ? [{ url: helpUri }] : [],
  };
}

/** A stable id in UUID form from the tool, rule and ossast's fingerprint (the same finding keeps its id across runs). */
function stableId(tool: string, ruleId: string, r: Result): string {
  const h = createHash('sha256').update(`${tool}\0${ruleId}\0${fingerprintOf(r) ?? `${primaryPath(r)}:${r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0}:${r.message.text ?? ''}`}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const utcSeconds = (iso: string | undefined, fallback: Date) => {
  const d = iso === undefined ? fallback : new Date(iso);
  return (Number.isNaN(d.getTime()) ? fallback : d).toISOString().slice(0, 19);
};

/** What gets counted: unsuppressed, present findings go in; suppressed ones are counted for the job log. */
export function gitlabCounts(input: ReportInput): { written: number; suppressed: number } {
  let written = 0;
  let suppressed = 0;
  for (const run of input.log.runs) {
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent') continue;
      if (isSuppressed(r)) suppressed++;
      else written++;
    }
  }
  return { written, suppressed };
}

function* reportChunks(input: ReportInput): Generator<string, void, undefined> {
  const { record } = input;
  const json = (v: unknown) => jsonChunks(v, { indent: 0, clean: redact });
  const { suppressed } = gitlabCounts(input);
  const failures = [
    ...record.targets.filter((t) => t.status === 'failed').map((t) => `target ${t.id} failed: ${t.error ?? 'unknown error'}`),
    ...record.scanners.filter((s) => !s.executionSuccessful).map((s) => `scanner ${s.name} failed: ${s.error ?? 'unknown error'}`),
  ];
  const failed = failures.length > 0 || input.gate.partial;
  const tools = input.log.runs.map((r) => ({ name: r.tool.driver.name, version: r.tool.driver.version ?? r.tool.driver.semanticVersion }));
  const one = tools.length === 1 ? tools[0]! : undefined;
  const vendor = (name: string) => ({ name: /semgrep/i.test(name) ? 'Semgrep' : name });
  const scan = {
    analyzer: { id: 'ossast', name: 'ossast', version: record.ossastVersion, vendor: { name: 'ossast' } },
    scanner: one
      ? { id: one.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scanner', name: one.name, version: one.version ?? 'unknown', vendor: vendor(one.name) }
      : { id: 'ossast', name: tools.length ? `ossast (${tools.map((t) => t.name).join(', ')})` : 'ossast', version: record.ossastVersion, vendor: { name: 'ossast' } },
    type: 'sast',
    start_time: utcSeconds(record.startedAt, input.now),
    end_time: utcSeconds(record.finishedAt, input.now),
    status: failed ? 'failure' : 'success',
    messages: [
      ...failures.map((value) => ({ level: 'warn', value: clip(value, 1000) })),
      ...(input.gate.partial ? [{ level: 'warn', value: 'partial results: not every target was retrieved and scanned completely' }] : []),
      { level: 'info', value: `${suppressed} suppressed finding(s) left out (they are in results.sarif with their justification)` },
    ],
  };
  yield `{"version":"${GITLAB_SCHEMA_VERSION}","schema":"${SCHEMA_URL}","scan":`;
  yield* json(scan);
  yield ',"vulnerabilities":[';
  let first = true;
  for (const run of input.log.runs) {
    const facts = new Map<string, RuleFacts>();
    const tool = run.tool.driver.name;
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent' || isSuppressed(r)) continue;
      const rule = ruleOf(run, r);
      const ruleId = r.ruleId ?? rule?.id ?? 'unknown-rule';
      let f = facts.get(ruleId);
      if (!f) facts.set(ruleId, (f = ruleFacts(run, rule, ruleId)));
      const region = r.locations?.[0]?.physicalLocation?.region;
      const start = region?.startLine ?? 1;
      const v = {
        id: stableId(tool, ruleId, r),
        name: f.name,
        description: clip(r.message.text ?? r.message.markdown ?? f.name, 1_048_576),
        severity: severityOf(f.securitySeverity, levelOf(run, r)),
        ...(f.solution ? { solution: f.solution } : {}),
        identifiers: f.identifiers,
        ...(f.links.length ? { links: f.links } : {}),
        location: { file: primaryPath(r) ?? '', start_line: start, end_line: Math.max(start, region?.endLine ?? start) },
      };
      if (!first) yield ',';
      first = false;
      yield* json(v);
    }
  }
  yield ']}\n';
}

/** The report as chunks (never one string), every string redacted and escaped by the JSON writer. */
export function renderGitlabSast(input: ReportInput): Iterable<string> {
  return reiterable(() => reportChunks(input));
}

export const gitlabSastReporter = {
  format: 'gitlab-sast',
  render(input) {
    const { written, suppressed } = gitlabCounts(input);
    return [
      { name: GITLAB_SAST_FILE, content: renderGitlabSast(input) },
      // The job log says what the security report leaves out.
      { name: '-', content: `${GITLAB_SAST_FILE}: ${written} finding(s) for GitLab; ${suppressed} suppressed finding(s) left out (see results.sarif)\n` },
    ];
  },
} satisfies Reporter;
