// The HTML report's embedded findings, compactly: one column per field, strings interned once in a shared table.
import type { Log, Result, Run } from 'sarif';
import { ruleOf } from '../model/sarif-rules.js';
import { redactWhole, shorten } from '../util/redact.js';
import type { Finding } from './result-rows.js';
import { elementLabel, elementOf } from './html-element.js';
import { markdownTree, type MdBlock } from './html-markdown.js';

/** The page holds at most this many findings (most severe first)... */
export const HTML_MAX_FINDINGS = 100_000;
/** ...at most this many characters of distinct texts in all, and each text cut to this length. */
const TEXT_BUDGET = 48 * 1024 * 1024;
const TEXT_MAX = 10_000;

/** Bidirectional controls (Trojan Source) shown as visible marks, so no text from the log reorders what is displayed. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
export const inert = (s: string) => redactWhole(s).replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
const CUT_MARK = '… (cut here; the whole text is in the SARIF log)';
const cut = (s: string) => (s.length > TEXT_MAX ? shorten(s, TEXT_MAX + CUT_MARK.length, CUT_MARK) : s);

/** What the page's script reads; every string field is an index into `s` (-1: none). */
export interface PageData {
  total: number;
  omitted: number;
  s: string[];
  /** Per rule: [rule id, help text (-1 when the help is Markdown), help URI, CWE tags...]. */
  rules: number[][];
  /** Per rule: its help Markdown as a safe tree, or 0 when the help is plain text. */
  md: (MdBlock[] | 0)[];
  /** Per suppression: [kind, justification, owner, expires, ticket, entry]. */
  supps: number[][];
  cols: {
    rule: number[];
    lvl: number[];
    cat: number[];
    mod: number[];
    tool: number[];
    path: number[];
    line: number[];
    end: number[];
    msg: number[];
    snip: number[];
    ctx: number[];
    ctxLine: number[];
    supp: number[];
    base: number[];
    /** Where to fix it in Service Studio ("Billing › MainFlow › Screen InvoiceDetail"), -1 when unknown. */
    elem: number[];
  };
}

/**
 * 0 error, 1 warning, 2 note, 3 none; categories: 0 to triage, 1 suppressed, 2 in platform-owned code: suppressed by
 * an entry with a category (such as vendor-code), or with the platform-ownership verdict the suppression recorded
 * (read from the file's content when it was suppressed; a path alone never puts a finding here).
 */
const LEVELS = ['error', 'warning', 'note', 'none'] as const;
const ownedByVerdict = (result: Result) =>
  (result.suppressions ?? []).some((s) => {
    const v: unknown = s.status === 'accepted' ? s.properties?.['ossast/platform-ownership'] : undefined;
    return typeof v === 'object' && v !== null && 'owned' in v && v.owned === true;
  });
const category = (f: Finding, result: Result) => (f.suppressed && (f.suppression?.group !== undefined || ownedByVerdict(result)) ? 2 : f.suppressed ? 1 : 0);

/** The suppressed findings whose suppression recorded a platform-ownership verdict (findings in findingsOf's order). */
export function ownedByPlatform(log: Log, findings: readonly Finding[]): Set<Finding> {
  const at = resultAt(log);
  const owned = new Set<Finding>();
  findings.forEach((f, i) => {
    if (f.suppressed && ownedByVerdict(at(i).result)) owned.add(f);
  });
  return owned;
}

/** The run and result behind each finding, in findingsOf's order. */
function resultAt(log: Log): (i: number) => { run: Run; result: Result } {
  const starts: number[] = [];
  let n = 0;
  for (const run of log.runs) {
    starts.push(n);
    n += run.results?.length ?? 0;
  }
  return (i) => {
    let r = starts.length - 1;
    while (starts[r]! > i) r--;
    const run = log.runs[r]!;
    return { run, result: run.results![i - starts[r]!]! };
  };
}

/** Picks unsuppressed errors, warnings, notes, then the rest (log order within each) and embeds them within budget. */
export function pageData(log: Log, findings: readonly Finding[], keep: (f: Finding) => boolean, max = HTML_MAX_FINDINGS): PageData {
  const buckets: number[][] = [[], [], [], [], []];
  let total = 0;
  findings.forEach((f, i) => {
    if (!keep(f)) return;
    total++;
    const b = buckets[f.suppressed ? 4 : LEVELS.indexOf(f.level)]!;
    if (b.length < max) b.push(i);
  });
  const s: string[] = [];
  const ids = new Map<string, number>();
  let budget = TEXT_BUDGET;
  const str = (t: string | undefined): number => {
    if (t === undefined || t === '') return -1;
    let k = ids.get(t);
    if (k === undefined) {
      const v = cut(inert(t));
      k = s.length;
      s.push(v);
      ids.set(t, k);
      budget -= v.length + 4;
    }
    return k;
  };
  const rules: number[][] = [];
  const md: PageData['md'] = [];
  const ruleIds = new Map<string, number>();
  const supps: number[][] = [];
  const cols: PageData['cols'] = { rule: [], lvl: [], cat: [], mod: [], tool: [], path: [], line: [], end: [], msg: [], snip: [], ctx: [], ctxLine: [], supp: [], base: [], elem: [] };
  const at = resultAt(log);
  for (const i of buckets.flat()) {
    if (cols.lvl.length >= max || budget < 0) break;
    const f = findings[i]!;
    const { run, result } = at(i);
    const key = `${f.tool}\u0000${f.ruleId}`;
    let rule = ruleIds.get(key);
    if (rule === undefined) {
      const d = ruleOf(run, result);
      const markdown = d?.help?.markdown ? markdownTree(cut(inert(d.help.markdown))) : 0;
      if (markdown) budget -= JSON.stringify(markdown).length;
      rule = rules.length;
      rules.push([str(f.ruleId), markdown ? -1 : str(d?.help?.text ?? f.help), str(d?.helpUri), ...f.cwe.map((c) => str(c))]);
      md.push(markdown);
      ruleIds.set(key, rule);
    }
    const phys = result.locations?.[0]?.physicalLocation;
    const ctx = phys?.contextRegion;
    const sp = f.suppression;
    cols.rule.push(rule);
    cols.lvl.push(LEVELS.indexOf(f.level));
    cols.cat.push(category(f, result));
    cols.mod.push(str(f.module));
    cols.tool.push(str(f.tool));
    cols.path.push(str(f.path));
    cols.line.push(f.line);
    cols.end.push(phys?.region?.endLine ?? f.line);
    cols.msg.push(str(f.message));
    cols.snip.push(str(f.snippet));
    cols.ctx.push(str(ctx?.snippet?.text));
    cols.ctxLine.push(ctx?.startLine ?? 0);
    cols.supp.push(sp ? supps.push([str(sp.kind), str(sp.justification), str(sp.owner), str(sp.expires), str(sp.ticket), str(sp.entry)]) - 1 : -1);
    cols.base.push(str(f.baseline));
    const element = elementOf(result);
    cols.elem.push(element ? str(elementLabel(f.moduleName, element)) : -1);
  }
  return { total, omitted: total - cols.lvl.length, s, rules, md, supps, cols };
}
