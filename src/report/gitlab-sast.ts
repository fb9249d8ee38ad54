// GitLab's SAST security report (gl-sast-report.json, schema 15.2.1) for `artifacts:reports:sast`; suppressed findings left out.
import type { ReportingDescriptor, Run } from 'sarif';
import type { Reporter, ReportInput } from './types.js';
import { reiterable } from '../model/report-file.js';
import { jsonChunks } from '../util/json-chunks.js';
import { cachedJsonText, clip, findingDigest, severityOf, uuidOf } from './gitlab-shared.js';
import { levelOf, ruleOf } from '../model/sarif-rules.js';
import { fingerprintOf, isSuppressed, primaryPath, targetOf } from '../model/sarif-keys.js';
import { serviceStudioText } from '../model/element.js';
import { cwesOf, securitySeverityOf } from '../merge/rule-metadata.js';
import { redactWhole, redactsNothingInJson } from '../util/redact.js';
import { nameList, skippedLine } from './modules.js';

export { severityOf } from './gitlab-shared.js';

export const GITLAB_SAST_FILE = 'gl-sast-report.json';
/** The schema version written; GitLab accepts 15.x reports (https://docs.gitlab.com/ee/development/integrations/secure.html). */
export const GITLAB_SCHEMA_VERSION = '15.2.1';
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/sast-report-format.json`;
const BATCH = 64 * 1024;

/** A value as compact JSON, every string redacted (for the small parts written once: the scan, a rule's fields). */
const json = (v: unknown) => [...jsonChunks(v, { indent: 0, clean: redactWhole, cleanChangesNothing: redactsNothingInJson })].join('');
const httpUrl = (u: string | undefined) => (u !== undefined && /^https?:\/\/\S+$/.test(u) ? u : undefined);

interface RuleParts {
  /** `"name":…` */
  name: string;
  securitySeverity: string | undefined;
  /** `"solution":…,"identifiers":[…],"links":[…]` (solution and links when the rule has them). */
  tail: string;
}

/** What every vulnerability of a rule shares, as JSON text, computed once per rule. */
function ruleParts(run: Run, rule: ReportingDescriptor | undefined, ruleId: string): RuleParts {
  const scanner =
    String(run.properties?.['ossast/scanner'] ?? run.tool.driver.name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'ossast';
  const help = rule?.help?.markdown ?? rule?.help?.text;
  const helpUri = httpUrl(rule?.helpUri);
  const identifiers = [
    // The first identifier is the primary one GitLab tracks a vulnerability by: the rule.
    { type: `${scanner}_id`, name: clip(ruleId, 255), value: clip(ruleId, 255), ...(helpUri ? { url: helpUri } : {}) },
    ...(rule ? cwesOf(rule) : []).map((c) => ({ type: 'cwe', name: `CWE-${c}`, value: String(c), url: `https://cwe.mitre.org/data/definitions/${c}.html` })),
  ];
  const tail = json({ ...(help ? { solution: clip(help, 7000) } : {}), identifiers, ...(helpUri ? { links: [{ url: helpUri }] } : {}) }).slice(1, -1);
  return { name: `"name":${json(clip(rule?.shortDescription?.text || ruleId, 255))}`, securitySeverity: rule ? securitySeverityOf(rule) : undefined, tail };
}

const utcSeconds = (iso: string | undefined, fallback: Date) => {
  const d = iso === undefined ? fallback : new Date(iso);
  return (Number.isNaN(d.getTime()) ? fallback : d).toISOString().slice(0, 19);
};

/** Unsuppressed, present findings go in; suppressed ones are counted for the job log. */
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

function scanOf(input: ReportInput) {
  const { record } = input;
  const { suppressed } = gitlabCounts(input);
  const skipped = skippedLine(record);
  const failures = [
    ...record.targets.filter((t) => t.status === 'failed').map((t) => `target ${t.id} failed: ${t.error ?? 'unknown error'}`),
    ...record.scanners.filter((s) => !s.executionSuccessful).map((s) => `scanner ${s.name} failed: ${s.error ?? 'unknown error'}`),
  ];
  // The schema wants non-empty names and versions: a tool that left them empty gets placeholders.
  const tools = input.log.runs.map((r) => ({ name: r.tool.driver.name || 'unknown tool', version: r.tool.driver.version || r.tool.driver.semanticVersion || 'unknown' }));
  const one = tools.length === 1 ? tools[0]! : undefined;
  return {
    analyzer: { id: 'ossast', name: 'ossast', version: record.ossastVersion, vendor: { name: 'ossast' } },
    scanner: one
      ? {
          id:
            one.name
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '') || 'scanner',
          name: one.name,
          version: one.version,
          vendor: { name: /semgrep/i.test(one.name) ? 'Semgrep' : one.name },
        }
      : { id: 'ossast', name: tools.length ? `ossast (${tools.map((t) => t.name).join(', ')})` : 'ossast', version: record.ossastVersion, vendor: { name: 'ossast' } },
    type: 'sast',
    start_time: utcSeconds(record.startedAt, input.now),
    end_time: utcSeconds(record.finishedAt, input.now),
    status: failures.length > 0 || input.gate.partial ? 'failure' : 'success',
    messages: [
      ...failures.map((value) => ({ level: 'warn', value: clip(value, 1000) })),
      ...(input.gate.partial ? [{ level: 'warn', value: 'partial results: not every target was retrieved and scanned completely' }] : []),
      ...(skipped ? [{ level: 'warn', value: clip(skipped, 1000) }] : []),
      { level: 'info', value: clip(scannedModules(input), 1000) },
      { level: 'info', value: `${suppressed} suppressed finding(s) left out (they are in results.sarif with their justification)` },
    ],
  };
}

/** The schema has no place for clean modules but the scan's messages: one names them, so clean never reads as not scanned. */
function scannedModules(input: ReportInput): string {
  const open = new Set<string>();
  for (const run of input.log.runs) {
    for (const r of run.results ?? []) {
      const t = targetOf(r);
      if (t !== undefined && r.baselineState !== 'absent' && !isSuppressed(r) && levelOf(run, r) !== 'none') open.add(t);
    }
  }
  const ok = input.record.targets.filter((t) => t.status !== 'failed');
  const clean = ok.filter((t) => !open.has(t.id) && !t.scan?.skipped?.length).map((t) => t.id);
  return `${ok.length} module(s) scanned; ${clean.length} clean (no unsuppressed finding)${clean.length ? `: ${nameList(clean, 20)}` : ''}`;
}

/**
 * GitLab identifies a SAST finding by file and lines unless the report gives tracking signatures: then the signature
 * of highest priority among the algorithms it knows (hash, then scope_offset, scope_offset_compressed) is its
 * location fingerprint (https://docs.gitlab.com/user/application_security/detect/vulnerability_deduplication and the
 * `tracking` object of the report schema). ossast's fingerprint hashes the tool, rule, module, path inside the module
 * and the flagged code, never a line: as the `hash` signature it keeps dismissals and issues across line shifts and
 * renamed packages. No scope_offset signature is claimed: ossast does not compute GitLab's scope algorithms.
 */
function trackingOf(r: Parameters<typeof fingerprintOf>[0], file: string, start: number, end: number): string {
  const fp = fingerprintOf(r);
  if (fp === undefined) return '';
  return `,"tracking":{"type":"source","items":[{"file":${file},"start_line":${start},"end_line":${end},"signatures":[{"algorithm":"hash","value":${JSON.stringify(`ossast|${fp}`)}}]}]}`;
}

function* reportChunks(input: ReportInput): Generator<string, void, undefined> {
  let buf = `{"version":"${GITLAB_SCHEMA_VERSION}","schema":"${SCHEMA_URL}","scan":${json(scanOf(input))},"vulnerabilities":[`;
  const path = cachedJsonText();
  let first = true;
  for (const run of input.log.runs) {
    const parts = new Map<string, RuleParts>();
    const tool = run.tool.driver.name;
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent' || isSuppressed(r)) continue;
      const rule = ruleOf(run, r);
      const ruleId = r.ruleId || rule?.id || 'unknown-rule';
      let p = parts.get(ruleId);
      if (!p) parts.set(ruleId, (p = ruleParts(run, rule, ruleId)));
      const region = r.locations?.[0]?.physicalLocation?.region;
      const start = Math.max(1, Math.trunc(region?.startLine ?? 1));
      const end = Math.max(start, Math.trunc(region?.endLine ?? start));
      const fix = serviceStudioText(r);
      const message = r.message.text ?? r.message.markdown ?? ruleId;
      const description = JSON.stringify(clip(fix ? `${message}\n\n${fix}` : message, 1_048_576));
      const file = path(primaryPath(r) ?? '');
      buf += `${first ? '' : ','}{"id":"${uuidOf(findingDigest(tool, ruleId, r))}",${p.name},"description":${description},"severity":"${severityOf(p.securitySeverity, levelOf(run, r))}",${p.tail},"location":{"file":${file},"start_line":${start},"end_line":${end}}${trackingOf(r, file, start, end)}}`;
      first = false;
      if (buf.length >= BATCH) {
        yield buf;
        buf = '';
      }
    }
  }
  yield `${buf}]}\n`;
}

/** The report as chunks (never one string); every string from the log is redacted and JSON-escaped. */
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
