// GitLab Code Quality report (gl-code-quality-report.json) for `artifacts:reports:codequality`; suppressed findings left out.
import type { Reporter, ReportInput } from './types.js';
import { reiterable } from '../model/report-file.js';
import { cachedJsonText, clip, findingDigest, severityOf } from './gitlab-shared.js';
import { levelOf, ruleOf } from '../model/sarif-rules.js';
import { isSuppressed, primaryPath } from '../model/sarif-keys.js';
import { securitySeverityOf } from '../merge/rule-metadata.js';
import { serviceStudioText } from '../model/element.js';

export const GITLAB_CODEQUALITY_FILE = 'gl-code-quality-report.json';
const BATCH = 64 * 1024;

/**
 * The fields GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): description,
 * check_name, fingerprint (unique per issue: GitLab shows only the first issue with a given fingerprint), severity
 * (info, minor, major, critical, blocker) and location.path with location.lines.begin.
 */
const SEVERITY = { Critical: 'blocker', High: 'critical', Medium: 'major', Low: 'minor', Info: 'info', Unknown: 'info' } as const;

function* issueChunks(input: ReportInput): Generator<string, void, undefined> {
  let buf = '[';
  const text = cachedJsonText();
  let first = true;
  for (const run of input.log.runs) {
    const severityByRule = new Map<string, string | undefined>();
    const tool = run.tool.driver.name;
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent' || isSuppressed(r)) continue;
      const rule = ruleOf(run, r);
      const ruleId = r.ruleId || rule?.id || 'unknown-rule';
      if (!severityByRule.has(ruleId)) severityByRule.set(ruleId, rule ? securitySeverityOf(rule) : undefined);
      const begin = Math.max(1, Math.trunc(r.locations?.[0]?.physicalLocation?.region?.startLine ?? 1));
      const severity = SEVERITY[severityOf(severityByRule.get(ruleId), levelOf(run, r))];
      const fix = serviceStudioText(r);
      const message = r.message.text ?? r.message.markdown ?? ruleId;
      // The merge request widget shows one line per issue: the element follows the message in brackets.
      const description = JSON.stringify(clip(fix ? `${message} (${fix})` : message, 1_048_576));
      buf += `${first ? '' : ','}{"type":"issue","check_name":${text(ruleId)},"description":${description},"fingerprint":"${findingDigest(tool, ruleId, r).slice(0, 32)}","severity":"${severity}","categories":["Security"],"location":{"path":${text(primaryPath(r) ?? '')},"lines":{"begin":${begin}}}}`;
      first = false;
      if (buf.length >= BATCH) {
        yield buf;
        buf = '';
      }
    }
  }
  yield `${buf}]\n`;
}

/** The report as chunks (never one string); every string from the log is redacted and JSON-escaped. */
export function renderGitlabCodequality(input: ReportInput): Iterable<string> {
  return reiterable(() => issueChunks(input));
}

export const gitlabCodequalityReporter = {
  format: 'gitlab-codequality',
  render: (input) => [{ name: GITLAB_CODEQUALITY_FILE, content: renderGitlabCodequality(input) }],
} satisfies Reporter;
