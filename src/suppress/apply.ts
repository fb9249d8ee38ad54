// Marks matching results as suppressed (never deletes them) and reports which entries applied, expired or matched nothing.
import { createHash } from 'node:crypto';
import type { Log, Result, Run, Suppression } from 'sarif';
import type { SuppressionSet, LoadedEntry } from './load.js';
import { compileMatch, factsOf } from './match.js';
import { platformOwnership, looksLikePlatformPath, verdictLine, type OwnershipVerdict } from './platform.js';
import { broadReasons } from './review.js';
import { isExpired } from '../util/date.js';
import { fingerprintOf } from '../model/sarif-keys.js';

export interface EntryOutcome {
  id: string;
  file: string;
  line?: number;
  matched: number;
  state: 'applied' | 'unused' | 'expired';
  expires?: string;
  /** The entry's category, for reports that group suppressed findings (platform-false-positive, vendor-code). */
  category?: string;
  /** The entry says broad: true (it matches any rule or any file). */
  broad?: boolean;
}

/** A platform-ownership verdict recorded for the audit: every file found owned, and every file at a platform-like path found not owned. */
export interface OwnershipRecord extends Omit<OwnershipVerdict, 'markers'> {
  path: string;
}

export interface SuppressionReport {
  files: SuppressionSet['files'];
  entries: EntryOutcome[];
  /** Results suppressed in source by the tool itself (e.g. nosemgrep). */
  inSource: number;
  /** Suppressions found in the incoming log that ossast did not accept (a tool's own, in-source ones unless accepted,
   *  an earlier ossast pass's whose entry is not in the files given now): kept as evidence, under review, not counted. */
  notAccepted: number;
  warnings: string[];
  /** Informational lines for the log: each platform-ownership verdict, the first time it is made. */
  notes: string[];
  ownership: OwnershipRecord[];
}

/** The suppression property naming an entry's category (platform-false-positive | vendor-code), for report groups. */
export const GROUP_KEY = 'ossast/group';

/** Deterministic UUID (v5 layout) so reruns give the same suppression guid. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export interface ApplyOptions {
  /** Accept the tools' in-source suppressions (nosemgrep comments): off by default, since anyone who can write the
   *  code can write the comment, with no justification, owner or expiry. */
  acceptInSource?: boolean;
  /** The platform-ownership verdict on a file, read from its content (criterion platformOwned; see platform.ts). Not
   *  given: every verdict is unknown (no content to read), so no entry that needs one applies. */
  platformOwned?: (relPath: string) => OwnershipVerdict;
  /** Set the suppressions on the caller's results instead of on copies: for a log the caller owns and will not use
   *  again (a million results are not copied). */
  inPlace?: boolean;
}

type Applied = { log: Log; report: SuppressionReport };

/** Results matched between two turns of the event loop in applySuppressionsPausing. */
const PAUSE_EVERY = 2_000;

export function applySuppressions(log: Log, set: SuppressionSet, now: Date, opts: ApplyOptions = {}): Applied {
  const steps = suppressing(log, set, now, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * applySuppressions, calling `pause` (a turn of the event loop, which may throw to stop) every few thousand results:
 * matching a million results against a suppression file takes seconds, during which a signal would wait.
 */
export async function applySuppressionsPausing(log: Log, set: SuppressionSet, now: Date, opts: ApplyOptions, pause: () => Promise<void>): Promise<Applied> {
  const steps = suppressing(log, set, now, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The work of applySuppressions, stopping (yield) every PAUSE_EVERY results; returns what applySuppressions does. */
function* suppressing(log: Log, set: SuppressionSet, now: Date, opts: ApplyOptions): Generator<void, Applied, undefined> {
  let notAccepted = 0;
  const live = set.entries.filter((e) => !e.expires || !isExpired(e.expires, now));
  const verdicts = new Map<string, OwnershipVerdict>();
  const decide = opts.platformOwned ?? platformOwnership();
  const ownership = (rel: string): OwnershipVerdict => {
    let v = verdicts.get(rel);
    if (!v) verdicts.set(rel, (v = decide(rel)));
    return v;
  };
  const compiled = live.map((e) => ({ e, test: compileMatch(e.match, ownership) }));
  const counts = new Map<string, number>();
  let inSource = 0;

  const runs: Run[] = [];
  let done = 0;
  for (const run of log.runs) {
    const results: Result[] = [];
    for (const result of run.results ?? []) {
      if (++done % PAUSE_EVERY === 0) yield;
      results.push(mark(run, result));
    }
    runs.push({ ...run, results });
  }
  function mark(run: Run, result: Result): Result {
    // No entries (a gate without suppression files): nothing to read of the result (0.9 s at a million results).
    const facts = compiled.length ? factsOf(run, result) : undefined;
    const hit = facts && compiled.find((c) => c.test(facts));
    // Most results: no suppression to keep, none to add (three arrays a result saved, at a million results).
    if (!hit && !result.suppressions?.length) {
      if (!opts.inPlace) return { ...result, suppressions: [] };
      result.suppressions = [];
      return result;
    }
    // An earlier ossast pass's suppression is re-derived, never copied: it holds only if its entry matches now.
    const kept = normaliseExisting(result, Boolean(opts.acceptInSource)).filter((s) => !hit || s.properties?.['ossast/entry'] !== hit.e.id);
    inSource += kept.some((s) => s.kind === 'inSource') ? 1 : 0;
    notAccepted += kept.some((s) => s.status === 'underReview' && s.properties?.['ossast/not-accepted']) ? 1 : 0;
    if (hit) counts.set(hit.e.id, (counts.get(hit.e.id) ?? 0) + 1);
    const suppressions = hit ? [...kept, suppressionOf(hit.e, result, hit.e.match.platformOwned === undefined ? undefined : verdicts.get(facts!.path))] : kept;
    if (!opts.inPlace) return { ...result, suppressions };
    result.suppressions = suppressions;
    return result;
  }

  const entries: EntryOutcome[] = set.entries.map((e) => {
    const expired = Boolean(e.expires && isExpired(e.expires, now));
    const matched = counts.get(e.id) ?? 0;
    return {
      id: e.id,
      file: e.file,
      ...(e.line ? { line: e.line } : {}),
      matched,
      state: expired ? 'expired' : matched ? 'applied' : 'unused',
      ...(e.expires ? { expires: e.expires } : {}),
      ...(e.category ? { category: e.category } : {}),
      ...(e.broad ? { broad: true } : {}),
    };
  });
  const builtinFile = (file: string) => Boolean(set.files.find((f) => f.path === file)?.builtin);
  const where = (o: EntryOutcome) => `${o.file}${o.line ? `:${o.line}` : ''}`;
  const warnings = [
    ...(notAccepted
      ? [
          `${notAccepted} result(s) carried suppressions ossast did not accept (a tool's own, nosemgrep comments, or entries of suppression files not given this time): they count; pass the suppression files again, or set suppressions.acceptInSource for nosemgrep`,
        ]
      : []),
    ...entries.filter((o) => o.state === 'expired').map((o) => `suppression "${o.id}" (${where(o)}) expired on ${o.expires}: it suppresses nothing; renew it with a new review or remove it`),
    ...entries.filter((o) => o.state === 'unused' && !builtinFile(o.file)).map((o) => `suppression "${o.id}" (${where(o)}) matched no result: remove it if the finding is gone`),
    // A team's broad entry is said on every run, with what it did, until it expires.
    ...set.entries
      .filter((e) => e.broad && !builtinFile(e.file))
      .map(
        (e) =>
          `suppression "${e.id}" (${e.file}${e.line ? `:${e.line}` : ''}) is broad (${broadReasons(e.match).join('; ') || 'declared broad: true'}), owner ${e.owner}, expires ${e.expires ?? '(none)'}: it suppressed ${counts.get(e.id) ?? 0} finding(s) in this run`,
      ),
  ];
  const notes: string[] = [];
  const ownershipRecords: OwnershipRecord[] = [];
  for (const [path, v] of verdicts) {
    const line = verdictLine(path, v);
    if (line?.level === 'warn') warnings.push(line.text);
    else if (line) notes.push(line.text);
    // The manifest keeps the verdict; the markers (where in the file) are on each suppression in the log.
    const { markers: _markers, ...record } = v;
    if (v.owned || looksLikePlatformPath(path)) ownershipRecords.push({ path, ...record });
  }
  return { log: { ...log, runs }, report: { files: set.files, entries, inSource, notAccepted, warnings, notes, ownership: ownershipRecords } };
}

/**
 * Suppressions already in the log are evidence, not decisions: only ossast accepts a suppression, from the files it
 * is given now. A tool's in-source one (nosemgrep) is accepted only with acceptInSource; every other one (a tool's
 * own, or an earlier ossast pass's whose entry no longer matches) is kept under review (SARIF status "underReview"),
 * so the result still counts.
 */
function normaliseExisting(result: Result, acceptInSource: boolean): Suppression[] {
  return (result.suppressions ?? []).map((s): Suppression => {
    if (s.kind === 'inSource' && acceptInSource) {
      return {
        ...s,
        status: 'accepted',
        justification: s.justification ?? 'suppressed in the source code by a comment the scanner honours (e.g. nosemgrep)',
        guid: s.guid ?? stableGuid('inSource', fingerprintOf(result) ?? JSON.stringify(result.locations ?? [])),
      };
    }
    const entry = s.properties?.['ossast/entry'];
    const why =
      s.kind === 'inSource'
        ? 'in-source suppression (e.g. nosemgrep); accepted only with suppressions.acceptInSource'
        : typeof entry === 'string'
          ? `suppression entry "${entry}" does not match this result in the suppression files given to this run`
          : 'suppression written by the tool, not by ossast';
    return {
      ...s,
      status: 'underReview',
      guid: s.guid ?? stableGuid('not-accepted', fingerprintOf(result) ?? JSON.stringify(result.locations ?? [])),
      properties: { ...(s.properties ?? {}), 'ossast/not-accepted': why, ...(s.status && s.status !== 'underReview' ? { 'ossast/original-status': s.status } : {}) },
    };
  });
}

/** The suppression property holding the platform-ownership verdict (and its evidence) an entry relied on. */
export const OWNERSHIP_KEY = 'ossast/platform-ownership';

function suppressionOf(e: LoadedEntry, result: Result, verdict: OwnershipVerdict | undefined): Suppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: e.justification,
    guid: stableGuid(e.id, fingerprintOf(result) ?? `${result.ruleId}:${JSON.stringify(result.locations?.[0] ?? {})}`),
    properties: {
      'ossast/entry': e.id,
      'ossast/file': e.file,
      ...(e.owner ? { owner: e.owner } : {}),
      ...(e.expires ? { expires: e.expires } : {}),
      ...(e.ticket ? { ticket: e.ticket } : {}),
      // Reports group suppressed platform findings by this key, so an auditor can forward the vendor-code ones.
      ...(e.category ? { [GROUP_KEY]: e.category } : {}),
      ...(e.reference ? { 'ossast/reference': e.reference } : {}),
      // Which evidence rule, what it found and where (markers: condition, character offset, text), and the file's hash:
      // an auditor can open the file and check each marker.
      ...(verdict
        ? {
            [OWNERSHIP_KEY]: {
              owned: verdict.owned ?? null,
              ...(verdict.evidence ? { evidence: verdict.evidence } : {}),
              what: verdict.what,
              ...(verdict.sha256 ? { sha256: verdict.sha256 } : {}),
              ...(verdict.markers ? { markers: verdict.markers } : {}),
            },
          }
        : {}),
      ...(e.broad ? { 'ossast/broad': true } : {}),
    },
  };
}
