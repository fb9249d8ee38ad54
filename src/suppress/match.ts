// Decides whether one result matches one suppression entry's criteria (all given criteria must hold).
import type { Result, Run } from 'sarif';
import type { SuppressionMatch } from './schema.js';
import { platformOwnership, type OwnershipVerdict } from './platform.js';
import { compileRegex, type Regex } from '../util/regex.js';
import { globMatcher } from '../util/glob.js';
import { ruleOf } from '../model/sarif-rules.js';
import { primaryPath } from '../model/sarif-keys.js';

export interface ResultFacts {
  tool: string;
  ruleId: string;
  cwes: Set<number>;
  tags: Set<string>;
  path: string;
  snippet: string;
  message: string;
}

const tagList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);

/** Everything a criterion can look at, read once per result. CWE ids come from the rule's and result's tags and cwe metadata. */
export function factsOf(run: Run, result: Result): ResultFacts {
  const rule = ruleOf(run, result);
  const tags = [...tagList(rule?.properties?.tags), ...tagList(result.properties?.tags), ...tagList(rule?.properties?.['cwe']), ...tagList(rule?.properties?.['security-tags'])];
  const cwes = new Set<number>();
  for (const t of tags) for (const m of t.matchAll(/CWE-(\d+)/gi)) cwes.add(Number(m[1]));
  return {
    tool: run.tool.driver.name,
    ruleId: result.ruleId ?? rule?.id ?? '',
    cwes,
    tags: new Set(tags.map((t) => t.toLowerCase())),
    path: primaryPath(result) ?? '',
    snippet: result.locations?.[0]?.physicalLocation?.region?.snippet?.text ?? '',
    message: result.message.text ?? '',
  };
}

export type Matcher = (facts: ResultFacts) => boolean;

function onFirstUse(source: string): Regex {
  let re: Regex | undefined;
  return { test: (text) => (re ??= compileRegex(source)).test(text) };
}

/**
 * Compiles an entry's criteria once, each pattern when first needed. `ownership` gives a file's verdict from its
 * content; without it every verdict is unknown, and an unknown verdict matches neither platformOwned: true nor false.
 */
export function compileMatch(m: SuppressionMatch, ownership: (relPath: string) => OwnershipVerdict = platformOwnership()): Matcher {
  // Globs from a user's file are matched as RE2 patterns (linear time), never by a backtracking engine.
  const glob = (list: string[] | undefined, nocase: boolean) => (list ? globMatcher(list, { separator: '/', nocase }) : undefined);
  const tool = glob(m.tool, true);
  const rule = glob(m.ruleId, false);
  const paths = glob(m.paths, false);
  const tags = m.tags?.map((t) => t.toLowerCase());
  // Compiled when a result first gets this far (its tool, rule, CWE, tags and path fit): most entries never do.
  const snippet = m.snippet ? onFirstUse(m.snippet) : undefined;
  const message = m.message ? onFirstUse(m.message) : undefined;
  return (f) =>
    (!tool || tool(f.tool)) &&
    (!rule || rule(f.ruleId)) &&
    (!m.cwe || m.cwe.some((c) => f.cwes.has(c))) &&
    (!tags || tags.some((t) => f.tags.has(t))) &&
    (!paths || paths(f.path)) &&
    (m.platformOwned === undefined || ownership(f.path).owned === m.platformOwned) &&
    (!snippet || snippet.test(f.snippet)) &&
    (!message || message.test(f.message));
}
