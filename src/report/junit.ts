// JUnit XML for CI test tabs: one test case per rule and module, failing on unsuppressed findings at or above the fail level.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, type Finding } from './result-rows.js';
import { reiterable } from '../model/report-file.js';
import { redact } from '../util/redact.js';
import { nameList } from './modules.js';
import { compareText } from '../util/compare.js';

/** Everything outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets), lone surrogates included. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Text content: characters XML cannot hold are dropped first (so dropping one cannot join a secret), then secrets, then markup. */
export const xmlText = (s: string) => redact(s.replace(NOT_XML_CHAR, '')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Attribute values: also quotes, and line breaks and tabs as references (a parser would turn them into spaces). */
export const xmlAttr = (s: string) => xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
const rank = { none: 0, note: 1, warning: 2, error: 3 } as const;

interface Case {
  rule: string;
  counted: Finding[];
  suppressed: Finding[] | undefined;
}

function* junitChunks(input: ReportInput): Generator<string, void, undefined> {
  const fail = input.gate.failOn;
  const byModule = new Map<string, Map<string, Finding[]>>();
  for (const f of findingsOf(input.log)) {
    if (f.baseline === 'absent') continue;
    let rules = byModule.get(f.module);
    if (!rules) byModule.set(f.module, (rules = new Map()));
    const list = rules.get(f.ruleId);
    if (list) list.push(f);
    else rules.set(f.ruleId, [f]);
  }
  for (const t of input.record.targets) if (t.status === 'ok' && !byModule.has(t.id)) byModule.set(t.id, new Map());
  // What the "scanned" case of each module says: clean, or the files not fully analysed.
  const skippedOf = new Map(input.record.targets.map((t) => [t.id, t.scan?.skipped ?? []]));
  const suites = [...byModule]
    .sort(([a], [b]) => compareText(a, b))
    .map(([module, rules]) => {
      const cases = [...rules]
        .sort(([a], [b]) => compareText(a, b))
        .map(
          ([rule, fs]): Case => ({
            rule,
            counted: fs.filter((f) => !f.suppressed && fail !== 'none' && rank[f.level] >= rank[fail] && (!input.gate.newOnly || f.baseline === undefined || f.baseline === 'new')),
            suppressed: fs.length > 0 && fs.every((f) => f.suppressed) ? fs : undefined,
          }),
        );
      return { module, cases, failures: cases.filter((c) => c.counted.length).length };
    });
  const broken = [
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => ({ name: `target ${t.id}`, why: t.error ?? 'failed' })),
    ...input.record.scanners.filter((s) => !s.executionSuccessful).map((s) => ({ name: `scanner ${s.name}`, why: s.error ?? 'failed' })),
  ];
  const tests = suites.reduce((n, s) => n + s.cases.length + 1, 0) + broken.length;
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ossast" tests="${tests}" failures="${failures}" errors="${broken.length}">\n`;
  for (const s of suites) {
    const m = xmlAttr(s.module);
    const skipped = skippedOf.get(s.module) ?? [];
    const open = s.cases.some((c) => !c.suppressed);
    const note = skipped.length ? `${skipped.length} file(s) skipped or not fully analysed: ${nameList(skipped, 20)}` : open ? '' : 'scanned and clean: no unsuppressed finding';
    yield `  <testsuite name="${m}" tests="${s.cases.length + 1}" failures="${s.failures}" errors="0">\n    <testcase classname="${m}" name="scanned"${note ? `><system-out>${xmlText(note)}</system-out></testcase>` : '/>'}\n`;
    for (const c of s.cases) {
      yield `    <testcase classname="${m}" name="${xmlAttr(c.rule)}">`;
      if (c.counted.length) {
        yield `\n      <failure message="${xmlAttr(`${c.counted.length} unsuppressed finding(s) at or above ${fail}`)}" type="${xmlAttr(c.counted[0]!.level)}">`;
        for (const [i, f] of c.counted.entries()) yield (i ? '\n' : '') + xmlText(`${f.path}:${f.line}: ${f.message}`);
        yield `</failure>\n    `;
      } else if (c.suppressed) {
        yield `\n      <system-out>`;
        for (const [i, f] of c.suppressed.entries()) yield (i ? '\n' : '') + xmlText(`${f.path}:${f.line}: suppressed: ${f.suppression?.justification ?? ''}`);
        yield `</system-out>\n    `;
      }
      yield '</testcase>\n';
    }
    yield '  </testsuite>\n';
  }
  if (broken.length) {
    yield `  <testsuite name="ossast pipeline" tests="${broken.length}" failures="0" errors="${broken.length}">\n`;
    for (const b of broken) yield `    <testcase classname="ossast" name="${xmlAttr(b.name)}">\n      <error message="${xmlAttr(b.why)}"/>\n    </testcase>\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** The XML as chunks (it is written without ever being one string). */
export function renderJunit(input: ReportInput): Iterable<string> {
  return reiterable(() => junitChunks(input));
}

export const junitReporter = {
  format: 'junit',
  render: (input) => [{ name: 'junit.xml', content: renderJunit(input) }],
} satisfies Reporter;
