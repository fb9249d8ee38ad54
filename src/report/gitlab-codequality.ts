// GitLab Code Quality report (gl-code-quality-report.json) for `artifacts:reports:codequality`; suppressed findings left out.
import { createHash } from 'node:crypto';
import type { Reporter, ReportInput } from './types.js';
import { reiterable } from './content.js';
import { jsonChunks } from './json-chunks.js';
import { severityOf } from './gitlab-sast.js';
import { fingerprintOf, isSuppressed, levelOf, primaryPath, ruleOf } from '../merge/conventions.js';
import { securitySeverityOf } from '../merge/rule-metadata.js';
import { redact } from '../util/redact.js';

export const GITLAB_CODEQUALITY_FILE = 'gl-code-quality-report.json';

/**
 * The fields GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): description,
 * check_name, fingerprint (unique per issue: GitLab shows only the first issue with a given fingerprint), severity
 * (info, minor, major, critical, blocker) and location.path with location.lines.begin.
 */
const SEVERITY = { Critical: 'blocker', High: 'critical', Medium: 'major', Low: 'minor', Info: 'info', Unknown: 'info' } as const;

function* issueChunks(input: ReportInput): Generator<string, void, undefined> {
  yield '[';
  let first = true;
  for (const run of input.log.runs) {
    const severityByRule = new Map<string, string | undefined>();
    const tool = run.tool.driver.name;
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent' || isSuppressed(r)) continue;
      const rule = ruleOf(run, r);
      const ruleId = r.ruleId ?? rule?.id ?? 'unknown-rule';
      if (!severityByRule.has(ruleId)) severityByRule.set(ruleId, rule ? securitySeverityOf(rule) : undefined);
      const start = r.locations?.[0]?.physicalLocation?.region?.startLine ?? 1;
      const seed = `${tool}\0${ruleId}\0${fingerprintOf(r) ?? `${primaryPath(r)}:${start}:${r.message.text ?? ''}`}`;
      const issue = {
        type: 'issue',
        check_name: ruleId,
        description: r.message.text ?? r.message.markdown ?? ruleId,
        fingerprint: createHash('sha256').update(seed).digest('hex').slice(0, 32),
        severity: SEVERITY[severityOf(severityByRule.get(ruleId), levelOf(run, r))],
        categories: ['Security'],
        location: { path: primaryPath(r) ?? '', lines: { begin: start } },
      };
      if (!first) yield ',';
      first = false;
      yield* jsonChunks(issue, { indent: 0, clean: redact });
    }
  }
  yield ']\n';
}

/** The report as chunks (never one string), every string redacted and escaped by the JSON writer. */
export function renderGitlabCodequality(input: ReportInput): Iterable<string> {
  return reiterable(() => issueChunks(input));
}

export const gitlabCodequalityReporter = {
  format: 'gitlab-codequality',
  render: (input) => [{ name: GITLAB_CODEQUALITY_FILE, content: renderGitlabCodequality(input) }],
} satisfies Reporter;
