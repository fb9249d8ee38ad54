// Builds small SARIF logs in the shape ossast's merge writes, for unit tests of suppress, baseline, gate and reports.
import type { Log, Result, Run } from 'sarif';
import { withFingerprints } from '../../src/merge/fingerprint.js';

export interface R {
  rule: string;
  path: string;
  line?: number;
  level?: 'error' | 'warning' | 'note';
  snippet?: string;
  message?: string;
  suppressions?: Result['suppressions'];
}

export function run(results: R[], opts: { tool?: string; rules?: Record<string, string[]>; failed?: string } = {}): Run {
  const ruleIds = [...new Set([...Object.keys(opts.rules ?? {}), ...results.map((r) => r.rule)])];
  const raw: Run = {
    tool: { driver: { name: opts.tool ?? 'Semgrep OSS', rules: ruleIds.map((id) => ({ id, defaultConfiguration: { level: 'warning' }, properties: { tags: opts.rules?.[id] ?? [] } })) } },
    automationDetails: { id: `ossast/${opts.tool ?? 'semgrep'}/` },
    invocations: [opts.failed ? { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: opts.failed } }] } : { executionSuccessful: true }],
    results: results.map((r) => {
      const parts = r.path.split('/');
      return {
        ruleId: r.rule,
        ruleIndex: ruleIds.indexOf(r.rule),
        level: r.level ?? 'error',
        message: { text: r.message ?? `finding of ${r.rule}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.path, uriBaseId: 'SRCROOT' }, region: { startLine: r.line ?? 1, snippet: { text: r.snippet ?? `code of ${r.rule}` } } } }],
        properties: { 'ossast/target': parts.slice(0, 2).join('/'), 'ossast/application': parts[0], 'ossast/module': parts[1] },
        ...(r.suppressions ? { suppressions: r.suppressions } : {}),
      };
    }),
  };
  return withFingerprints(raw);
}

export function log(...runs: Run[]): Log {
  return { version: '2.1.0', runs };
}
