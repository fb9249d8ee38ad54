// What makes a suppression entry reviewable: a substantive justification, a real owner, and a match no broader than it says.
import { globMatcher } from '../util/glob.js';

/**
 * Words that carry no reason on their own (placeholders, verdicts without a why, filler). A justification must hold
 * enough words besides these: the rule is the count of distinct meaningful words, the list only says what is not one.
 */
const FILLER = new Set([
  'todo',
  'tbd',
  'tba',
  'fixme',
  'xxx',
  'na',
  'n',
  'a',
  'none',
  'nothing',
  'nil',
  'null',
  'fp',
  'false',
  'positive',
  'positives',
  'test',
  'tests',
  'testing',
  'ok',
  'okay',
  'ignore',
  'ignored',
  'suppress',
  'suppressed',
  'suppression',
  'wontfix',
  'placeholder',
  'lorem',
  'ipsum',
  'dummy',
  'temp',
  'temporary',
  'fine',
  'safe',
  'not',
  'an',
  'issue',
  'it',
  'is',
  'this',
  'that',
  'the',
  'of',
  'to',
  'and',
  'or',
  'for',
  'by',
  'see',
  'ticket',
  'jira',
  'later',
  'fix',
  'asap',
  'yes',
  'no',
  'done',
  'wip',
  'misc',
  'etc',
]);
/** At least this many distinct meaningful words, with at least this many letters in them. */
export const MIN_REASON_WORDS = 4;
const MIN_REASON_LETTERS = 20;

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Why a justification says nothing an auditor can check, or undefined when it is substantive. */
export function justificationProblem(text: string): string | undefined {
  const words = new Set((text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 2 && !FILLER.has(w) && new Set(w).size > 1));
  const letters = [...words].reduce((n, w) => n + w.length, 0);
  if (words.size >= MIN_REASON_WORDS && letters >= MIN_REASON_LETTERS) return undefined;
  return `a justification that says why the finding is acceptable here, for an auditor to check: at least ${MIN_REASON_WORDS} distinct words besides placeholders such as "TODO", "n/a", "false positive", "test", "ok" (found ${words.size}); received ${shown(text)}`;
}

const OWNER_PLACEHOLDERS = new Set(['todo', 'tbd', 'na', 'n/a', 'none', 'nobody', 'noone', 'no one', 'unknown', 'me', 'someone', 'somebody', 'owner', 'team', 'tba', 'xxx', 'test', 'anyone', 'everyone', 'all']);

/** Why an owner names nobody who answers for the entry, or undefined when it names someone. */
export function ownerProblem(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if ((t.match(/\p{L}/gu) ?? []).length >= 2 && new Set(t.replace(/[^\p{L}]/gu, '')).size > 1 && !OWNER_PLACEHOLDERS.has(t)) return undefined;
  return `an owner who answers for the entry: a person or team that can be asked (e.g. "appsec@example.com" or "Payments team"); received ${shown(text)}`;
}

// Broad matches: decided by what a criterion matches, on probes of every shape, not by comparing pattern texts.
const PROBE_RULES = ['a', 'ossast.js.eval-injection', 'ossast.csharp.sql-injection', 'semgrep.rules.x-y', 'CWE-79', 'Rule_1', 'SCS0002'];
/** Root-level files, and files at depth: a glob that matches every probe of either kind matches every path that matters. */
const PROBE_SHALLOW = ['a', 'a.cs', 'App.js', 'index.html', '.x'];
const PROBE_DEEP = ['App/Mod/a.cs', 'App/Mod/scripts/App.controller.js', 'A/B/C/D/E/f.html', 'x/y', '.h/x.y', 'App/Mod/Actions/ActionLogin.cs'];

const matchesAll = (globs: readonly string[], probes: string[]) => {
  const m = globMatcher([...globs], { separator: '/', nocase: false });
  return probes.every((p) => m(p));
};

/** The parts of an entry's match that decide how broad it is (the schema's match, read before it is accepted). */
export interface MatchScope {
  ruleId?: readonly string[] | undefined;
  cwe?: unknown;
  tags?: unknown;
  paths?: readonly string[] | undefined;
}

/** Why an entry's match is broad (matches findings of any rule, or in any file), or [] when it is narrow. */
export function broadReasons(m: MatchScope): string[] {
  const reasons: string[] = [];
  const ruleConstrained = Boolean((m.ruleId && !matchesAll(m.ruleId, PROBE_RULES)) || m.cwe || m.tags);
  if (!ruleConstrained) reasons.push(m.ruleId ? `ruleId ${m.ruleId.map((r) => JSON.stringify(r)).join(', ')} matches every rule and there is no cwe or tags` : 'no ruleId, cwe or tags: it matches findings of every rule');
  const every = m.paths?.find((p) => matchesAll([p], PROBE_SHALLOW) || matchesAll([p], PROBE_DEEP));
  if (every !== undefined) reasons.push(`path ${JSON.stringify(every)} matches every file`);
  return reasons;
}
