// Masks the secret values of secret rules' results (CWE-798/259/321, secret tags), then every occurrence of those values in the whole log; fingerprints stay.
import type { Location, Log, Message, Region, ReportingDescriptor, Result, Run } from 'sarif';
import { ruleOf } from '../model/sarif-rules.js';
import { knownMasker, maskKnown, maskPairs, maskSnippet, maskTokens } from './secret-text.js';
import { mapChanged } from '../util/map-changed.js';

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
 * location's snippet and context snippet and in the messages; then every value found that way is masked wherever else
 * it appears in the log, whichever result (of any rule or tool) or notification carries it: the code context of a
 * neighbouring finding shows the same line. Results and runs with nothing to mask are the same objects. Pure: the
 * input is not changed. Fingerprints are not recomputed: they were taken from the unmasked text, so baselines still match.
 */
export function maskSecrets(log: Log): Log {
  return maskSecretsFound(log).log;
}

/** maskSecrets, and the secret values it found (long enough to be searched for elsewhere): `ossast merge` masks them in
 *  the runs other workers merged, whose files it never held in one log. */
export function maskSecretsFound(log: Log): { log: Log; found: string[] } {
  const found = new Set<string>();
  const runs = log.runs.map((run) => maskRun(run, found));
  const known = [...found].filter((s) => s.length >= MIN_KNOWN);
  const mask = knownMasker(known);
  if (!mask) return { log: { ...log, runs }, found: known };
  return { log: { ...log, runs: runs.map((run) => maskEverywhere(run, mask)) }, found: known };
}

function maskRun(run: Run, found: Set<string>): Run {
  if (!run.results?.length) return run;
  const secretRule = new Map<ReportingDescriptor | undefined, boolean>();
  const isSecret = (result: Result) => {
    if (result.properties?.tags && hasSecretTag(tagList(result.properties.tags))) return true;
    const rule = ruleOf(run, result);
    if (!secretRule.has(rule)) secretRule.set(rule, hasSecretTag(ruleTags(rule)));
    return secretRule.get(rule)!;
  };
  const results = mapChanged(run.results, (r) => (isSecret(r) ? maskResult(r, found) : r));
  return results !== run.results ? { ...run, results } : run;
}

/** Keys whose strings are identities, not text: never rewritten (a fingerprint must keep matching its baseline). */
const IDENTITY_KEYS: ReadonlySet<string> = new Set(['fingerprints', 'partialFingerprints', 'ruleId', 'guid', 'correlationGuid', 'uri', 'uriBaseId', 'id', 'level', 'kind', 'baselineState']);

/** A run with the known secrets masked in every string of its results and invocations (notifications, messages). */
function maskEverywhere(run: Run, mask: (text: string) => string): Run {
  const results =
    run.results &&
    mapChanged(run.results, (r) => {
      const next = maskStrings(r, mask);
      return next === r ? r : { ...next, properties: { ...next.properties, [SECRET_MASKED]: true } };
    });
  const invocations = run.invocations && maskStrings(run.invocations, mask);
  const changed = results !== run.results || invocations !== run.invocations;
  return changed ? { ...run, ...(results ? { results } : {}), ...(invocations ? { invocations } : {}) } : run;
}

/** `value` with `mask` applied to every string in it (identity keys left alone); the same object when nothing changed. */
function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const m = maskStrings(v, mask);
      if (m !== v) (out ??= [...value])[i] = m;
    });
    return (out ?? value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  // Keys read one by one, no [key, value] pair made for each (a log's objects are plain: own properties only).
  let out: T | undefined;
  for (const k in value) {
    if (IDENTITY_KEYS.has(k)) continue;
    const v = value[k];
    const m = maskStrings(v, mask);
    if (m !== v) (out ??= { ...value })[k] = m;
  }
  return out ?? value;
}

/**
 * One secret rule's result with its texts masked; the same object when there was nothing to mask. The values found in
 * its code are added to `found`, to be masked wherever else they appear.
 */
export function maskResult(result: Result, found = new Set<string>()): Result {
  const own = new Set<string>();
  // The code the rule flagged first: what is found there is then masked wherever else it appears.
  const snippets = (locs: Location[] | undefined) => locs?.map((l) => withRegion(l, 'region', (t) => maskSnippet(t, own)));
  const locations = snippets(result.locations);
  const related = snippets(result.relatedLocations);
  const known = [...own].filter((s) => s.length >= MIN_KNOWN).sort((a, b) => b.length - a.length);
  for (const k of known) found.add(k);
  const context = (t: string) => maskKnown(maskPairs(t, own, true), known);
  const text = (t: string) => maskTokens(maskPairs(maskKnown(t, known), own), own);
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
