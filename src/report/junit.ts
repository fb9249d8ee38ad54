// JUnit XML for CI test tabs: one test case per rule and module, failing on unsuppressed findings at or above the fail level.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, type Finding } from './facts.js';

const xml = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rank = { none: 0, note: 1, warning: 2, error: 3 } as const;

export function renderJunit(input: ReportInput): string {
  const fail = input.gate.failOn;
  const byModule = new Map<string, Map<string, Finding[]>>();
  for (const f of findingsOf(input.log)) {
    if (f.baseline === 'absent') continue;
    const rules = byModule.get(f.module) ?? new Map<string, Finding[]>();
    rules.set(f.ruleId, [...(rules.get(f.ruleId) ?? []), f]);
    byModule.set(f.module, rules);
  }
  for (const t of input.record.targets) if (t.status === 'ok' && !byModule.has(t.id)) byModule.set(t.id, new Map());
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [module, rules] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
    const cases: string[] = [`    <testcase classname="${xml(module)}" name="scanned"/>`];
    let suiteFailures = 0;
    for (const [rule, fs] of [...rules].sort(([a], [b]) => a.localeCompare(b))) {
      const counted = fs.filter((f) => !f.suppressed && fail !== 'none' && rank[f.level] >= rank[fail] && (!input.gate.newOnly || f.baseline === undefined || f.baseline === 'new'));
      const skipped = fs.length > 0 && fs.every((f) => f.suppressed);
      const body = counted.length
        ? `\n      <failure message="${xml(`${counted.length} unsuppressed finding(s) at or above ${fail}`)}" type="${xml(counted[0]!.level)}">${xml(counted.map((f) => `${f.path}:${f.line}: ${f.message}`).join('\n'))}</failure>\n    `
        : skipped
          ? `\n      <system-out>${xml(fs.map((f) => `${f.path}:${f.line}: suppressed: ${f.suppression?.justification ?? ''}`).join('\n'))}</system-out>\n    `
          : '';
      if (counted.length) suiteFailures++;
      cases.push(`    <testcase classname="${xml(module)}" name="${xml(rule)}">${body}</testcase>`);
    }
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xml(module)}" tests="${cases.length}" failures="${suiteFailures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const broken = [
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => ({ name: `target ${t.id}`, why: t.error ?? 'failed' })),
    ...input.record.scanners.filter((s) => !s.executionSuccessful).map((s) => ({ name: `scanner ${s.name}`, why: s.error ?? 'failed' })),
  ];
  if (broken.length) {
    suites.push(`  <testsuite name="ossast pipeline" tests="${broken.length}" failures="0" errors="${broken.length}">\n${broken.map((b) => `    <testcase classname="ossast" name="${xml(b.name)}">\n      <error message="${xml(b.why)}"/>\n    </testcase>`).join('\n')}\n  </testsuite>`);
    tests += broken.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ossast" tests="${tests}" failures="${failures}" errors="${broken.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const junitReporter = {
  format: 'junit',
  render: (input) => [{ name: 'junit.xml', content: renderJunit(input) }],
} satisfies Reporter;
