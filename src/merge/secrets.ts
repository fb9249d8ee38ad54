// Masks the secret values of secret rules' results (CWE-798/259/321, secret tags) in snippets and messages; fingerprints stay.
import type { Location, Log, Message, Region, ReportingDescriptor, Result, Run } from 'sarif';
import { ruleOf } from '../model/sarif-rules.js';
import { maskKnown, maskPairs, maskSnippet, maskTokens } from './secret-text.js';

/** Result property set on every result whose texts were masked. */
export const SECRET_MASKED = 'ossast/secret-masked';
/** CWEs of hard-coded secrets: credentials, passwords, cryptographic keys. */
export const SECRET_CWES: ReadonlySet<number> = new Set([798, 259, 321]);
/** Tags (case-insensitive) that mark a rule as a secret rule. */
export const SECRET_TAGS: ReadonlySet<string> = new Set(['secret', 'secrets', 'hardcoded-secret']);
/** Known secrets shorter than this are not searched for in other texts (they would match inside ordinary words). */
const MIN_KNOWN = 4;

const tagList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);

/** Whether tags (as rules and results carry them: "CWE-798: …", "secret") mark a secret. */
export function hasSecretTag(tags: string[]): boolean {
  return tags.some((t) => SECRET_TAGS.has(t.trim().toLowerCase()) || [...t.matchAll(/CWE-(\d+)/gi)].some((m) => SECRET_CWES.has(Number(m[1]))));
}

const ruleTags = (rule: ReportingDescriptor | undefined) => [...tagList(rule?.properties?.tags), ...tagList(rule?.properties?.['cwe']), ...tagList(rule?.properties?.['security-tags'])];

/** Whether a result comes from a secret rule (its rule's or its own tags). */
export function isSecretResult(run: Run, result: Result): boolean {
  return hasSecretTag([...ruleTags(ruleOf(run, result)), ...tagList(result.properties?.tags)]);
}

/**
 * The log with the secret values of secret rules' results masked (first characters kept, the rest "…") in every
 * location's snippet and context snippet and in the messages; every other result is the same object. Pure: the input
 * is not changed. Fingerprints are not recomputed: they were taken from the unmasked text, so baselines still match.
 */
export function maskSecrets(log: Log): Log {
  return { ...log, runs: log.runs.map(maskRun) };
}

function maskRun(run: Run): Run {
  if (!run.results?.length) return run;
  const secretRule = new Map<ReportingDescriptor | undefined, boolean>();
  const isSecret = (result: Result) => {
    if (result.properties?.tags && hasSecretTag(tagList(result.properties.tags))) return true;
    const rule = ruleOf(run, result);
    if (!secretRule.has(rule)) secretRule.set(rule, hasSecretTag(ruleTags(rule)));
    return secretRule.get(rule)!;
  };
  let changed = false;
  const results = run.results.map((r) => {
    if (!isSecret(r)) return r;
    const masked = maskResult(r);
    if (masked !== r) changed = true;
    return masked;
  });
  return changed ? { ...run, results } : run;
}

/** One secret rule's result with its texts masked; the same object when there was nothing to mask. */
export function maskResult(result: Result): Result {
  const found = new Set<string>();
  // The code the rule flagged first: what is found there is then masked wherever else it appears.
  const snippets = (locs: Location[] | undefined) => locs?.map((l) => withRegion(l, 'region', (t) => maskSnippet(t, found)));
  const locations = snippets(result.locations);
  const related = snippets(result.relatedLocations);
  const known = [...found].filter((s) => s.length >= MIN_KNOWN).sort((a, b) => b.length - a.length);
  const context = (t: string) => maskKnown(maskPairs(t, found), known);
  const text = (t: string) => maskTokens(maskPairs(maskKnown(t, known), found), found);
  const contexts = (locs: Location[] | undefined) => locs?.map((l) => maskLocationMessage(withRegion(l, 'contextRegion', context), text));
  const next: Result = {
    ...result,
    message: maskMessage(result.message, text),
    ...(locations ? { locations: contexts(locations) } : {}),
    ...(related ? { relatedLocations: contexts(related) } : {}),
    ...(result.codeFlows
      ? {
          codeFlows: result.codeFlows.map((cf) => ({
            ...cf,
            ...(cf.message ? { message: maskMessage(cf.message, text) } : {}),
            threadFlows: cf.threadFlows.map((tf) => ({
              ...tf,
              locations: tf.locations.map((tl) => (tl.location ? { ...tl, location: withRegion(withRegion(maskLocationMessage(tl.location, text), 'region', context), 'contextRegion', context) } : tl)),
            })),
          })),
        }
      : {}),
  };
  if (JSON.stringify(next) === JSON.stringify(result)) return result;
  return { ...next, properties: { ...result.properties, [SECRET_MASKED]: true } };
}

/** A location with the snippet of one of its regions rewritten (the same object when there is none). */
function withRegion(loc: Location, key: 'region' | 'contextRegion', fn: (text: string) => string): Location {
  const region: Region | undefined = loc.physicalLocation?.[key];
  const text = region?.snippet?.text;
  if (text === undefined || !loc.physicalLocation || !region?.snippet) return loc;
  const masked = fn(text);
  if (masked === text) return loc;
  return { ...loc, physicalLocation: { ...loc.physicalLocation, [key]: { ...region, snippet: { ...region.snippet, text: masked } } } };
}

function maskLocationMessage(loc: Location, fn: (text: string) => string): Location {
  return loc.message ? { ...loc, message: maskMessage(loc.message, fn) } : loc;
}

function maskMessage(message: Message, fn: (text: string) => string): Message {
  return {
    ...message,
    ...(message.text !== undefined ? { text: fn(message.text) } : {}),
    ...(message.markdown !== undefined ? { markdown: fn(message.markdown) } : {}),
    ...(message.arguments ? { arguments: message.arguments.map(fn) } : {}),
  };
}
