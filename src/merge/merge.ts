// Merges scanner outputs into one SARIF log: one run per tool, relative paths, explicit levels, fingerprints, no duplicates.
import type { ArtifactLocation, Log, Location, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { ScannerRun } from '../scan/types.js';
import type { SourceTarget } from '../model/targets.js';
import { REFERENCE_HINT, RuleReferenceError, ruleResolver } from '../model/sarif-rules.js';
import { AUTOMATION_PREFIX, SRCROOT } from '../model/sarif-keys.js';
import { fingerprintUniqueBoth } from './fingerprint.js';
import { fromSources } from './code-context.js';
import { relativeUri, rootUri, targetFinder } from '../model/locations.js';
import { invocationOf } from './invocation.js';
import { describeRule } from './rule-metadata.js';
import { setElements } from './element-pass.js';
import { shorten } from '../util/redact.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface MergeInput {
  runs: ScannerRun[];
  sourceRoot: string;
  targets: SourceTarget[];
  readSource?: (relPath: string) => string | undefined;
  ossastVersion: string;
  startedAt?: string;
  /** For logs ossast wrote before (read back by `ossast merge`): a result whose secret was masked keeps its
   *  fingerprint, which its masked snippet can no longer give. Never for fresh tool output. */
  keepMaskedFingerprints?: boolean;
}

/** Merges without changing the input: the tools' logs are copied first. */
export function mergeRuns(input: MergeInput): Log {
  return mergeRunsInPlace({ ...input, runs: input.runs.map((r) => (r.sarif ? { ...r, sarif: structuredClone(r.sarif) } : r)) });
}

/**
 * Merges by rewriting the tools' results in place: the caller hands over `runs[].sarif` and must not use it again.
 * For logs read just for this merge (100,000s of results), where copying every result would double the work.
 */
export function mergeRunsInPlace(input: MergeInput): Log {
  const groups = new Map<string, ScannerRun[]>();
  for (const r of input.runs) groups.set(r.scanner, [...(groups.get(r.scanner) ?? []), r]);
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [...groups.entries()].map(([name, group]) => buildRun(name, group, input)) };
}

type SourceRun = NonNullable<ScannerRun['sarif']>['runs'][number];

function buildRun(name: string, group: ScannerRun[], input: MergeInput): Run {
  const sources: SourceRun[] = group.flatMap((g) => g.sarif?.runs ?? []);
  const firstDriver = sources[0]?.tool.driver;
  const toolVersion = group.find((g) => g.toolVersion)?.toolVersion;
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const place = placer(input.sourceRoot, input.targets);
  const dropped: Notification[] = [];
  const results: Result[] = [];

  for (const src of sources) {
    const resolve = ruleResolver(src);
    for (const r of src.results ?? []) {
      const found = resolve(r);
      if (found.problem !== undefined)
        throw new RuleReferenceError(`${name}: runs[${sources.indexOf(src)}].results[${(src.results ?? []).indexOf(r)}] (ruleId ${JSON.stringify(r.ruleId ?? r.rule?.id ?? null)}): ${found.problem}`, REFERENCE_HINT);
      const rule = found.rule;
      const ruleId = r.ruleId ?? r.rule?.id ?? rule?.id ?? 'unknown-rule';
      let index = ruleIndex.get(ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(ruleId, index);
        // SARIF1001: a rule's name must differ from its id, or be left out.
        const { name: ruleName, ...ruleRest } = rule ?? { id: ruleId };
        rules.push(describeRule(ruleName && ruleName !== ruleId ? { ...ruleRest, name: ruleName } : ruleRest));
      }
      const placed = placeAll(r.locations, place);
      if (placed === undefined) {
        const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
        dropped.push({
          level: 'error',
          descriptor: { id: 'ossast/result-outside-sources' },
          message: { text: `${shorten(ruleId, 200)}: result dropped because its location ${uri === undefined ? 'names no file' : `(${JSON.stringify(shorten(uri, 200))}) is outside the scanned sources`}` },
        });
        continue;
      }
      rewrite(r, ruleId, index, found.level, placed);
      results.push(r);
    }
  }

  const invocations = group.map(invocationOf);
  // A dropped result is a result nobody will see: the run is partial, never a pass (exit 3 unless --allow-partial).
  if (dropped.length) invocations.push({ commandLine: 'ossast merge', executionSuccessful: false, toolExecutionNotifications: dropped });
  // Snippet, context and fingerprint in one pass over the results, each file read once (see context.ts).
  const tool = firstDriver?.name ?? name;
  const { inPositionOrder: unique, inInputOrder } = fingerprintUniqueBoth(results, tool, fromSources(input.readSource, tool), { keepMasked: Boolean(input.keepMaskedFingerprints) });
  // The Service Studio element each finding belongs to (what a developer opens to fix it): read from the sources in
  // position order (one file at a time); without them, in the order the results lie in memory (fewer cache misses).
  setElements(input.readSource ? unique : inInputOrder, input.readSource);
  return {
    tool: {
      driver: {
        ...(firstDriver ?? {}),
        name: firstDriver?.name ?? name,
        ...(toolVersion ? { version: toolVersion, semanticVersion: toolVersion } : {}),
        rules,
      },
    },
    automationDetails: { id: `${AUTOMATION_PREFIX}${name}/` },
    originalUriBaseIds: {
      // The only absolute path in the log, outside results: lets a local viewer open the files. Results stay relative.
      [SRCROOT]: { uri: rootUri(input.sourceRoot), description: { text: 'Folder the sources were extracted to by ossast' } },
    },
    columnKind: 'utf16CodeUnits',
    invocations,
    // In position order (file, line, column, rule), so the same findings always give the same log.
    results: unique,
    // Each rule file once: the logs of several shards name the same files.
    properties: { 'ossast/scanner': name, 'ossast/version': input.ossastVersion, 'ossast/rules': [...new Map(group.flatMap((g) => g.rules).map((r) => [`${r.path}\u0000${r.sha256}`, r])).values()] },
  };
}

/** Gives a tool's result ossast's ruleId, ruleIndex, level, relative locations and target properties, in place. */
function rewrite(r: Result, ruleId: string, ruleIndex: number, level: NonNullable<Result['level']>, placed: Placed[]): void {
  r.ruleId = ruleId;
  r.ruleIndex = ruleIndex;
  // The level every reader of the merged log sees (the tool's rule may have lived in an extension, or been set by an
  // invocation override, neither of which the merged run keeps). A kind other than "fail" with a level other than
  // "none" would contradict SARIF §3.27.9: the tool's kind is kept in properties, the result is an open finding.
  r.level = level;
  if (r.kind !== undefined && r.kind !== 'fail' && level !== 'none') {
    (r.properties ??= {})['ossast/toolKind'] = r.kind;
    r.kind = undefined;
  }
  // Only ossast sets baseline state (from --baseline); a tool's own "absent" or "unchanged" would hide a finding.
  if (r.baselineState !== undefined) r.baselineState = undefined;
  // The tool's rule reference pointed into its own rules array (ossast writes ruleIndex); undefined is not serialised.
  if (r.rule) r.rule = undefined;
  if (r.fingerprints) r.fingerprints = usefulFingerprints(r.fingerprints);
  placed.forEach((p, i) => {
    const pl = r.locations![i]!.physicalLocation;
    if (p && pl) pl.artifactLocation = p.artifactLocation;
  });
  const props = (r.properties ??= {});
  const t = placed[0]?.target;
  if (t) {
    props['ossast/target'] = t.id;
    props['ossast/module'] = t.module;
    if (t.application) props['ossast/application'] = t.application;
  }
}

/** Semgrep writes "requires login" as a fingerprint placeholder: it identifies nothing, so it is left out. */
function usefulFingerprints(fps: Result['fingerprints']): Result['fingerprints'] {
  if (!fps) return undefined;
  let useful: Record<string, string> | undefined;
  for (const key in fps) {
    if (fps[key] !== 'requires login') (useful ??= {})[key] = fps[key]!;
  }
  return useful;
}

interface Placed {
  artifactLocation: ArtifactLocation;
  target: SourceTarget | undefined;
}

/**
 * Maps a tool's artifact location to a SRCROOT-relative one (null: outside the sources) and the target it lies in.
 * Computed once per distinct URI; the artifact location is then shared by every result in that file.
 */
function placer(sourceRoot: string, targets: SourceTarget[]): (al: ArtifactLocation & { uri: string }) => Placed | null {
  const cache = new Map<string | undefined, Map<string, Placed | null>>();
  const findTarget = targetFinder(sourceRoot, targets);
  const compute = (al: ArtifactLocation & { uri: string }): Placed | null => {
    const uri = relativeUri(al.uri, al.uriBaseId, sourceRoot);
    if (uri === undefined) return null;
    const { index: _index, ...rest } = al;
    return { artifactLocation: { ...rest, uri, uriBaseId: SRCROOT }, target: findTarget(uri) };
  };
  return (al) => {
    // Only a location with nothing but uri and uriBaseId can share its rewritten form with other results.
    let n = 0;
    for (const _ in al) n++;
    if (n > (al.uriBaseId === undefined ? 1 : 2)) return compute(al);
    let byUri = cache.get(al.uriBaseId);
    if (!byUri) cache.set(al.uriBaseId, (byUri = new Map()));
    let placed = byUri.get(al.uri);
    if (placed === undefined) byUri.set(al.uri, (placed = compute(al)));
    return placed;
  };
}

/**
 * Where each location goes (undefined entries: no file, kept as they are); undefined when the result must be dropped
 * because a location points outside the sources or the primary one names no file.
 */
function placeAll(locs: Location[] | undefined, place: ReturnType<typeof placer>): Placed[] | undefined {
  if (!locs) return [];
  const out = new Array<Placed>(locs.length);
  for (let i = 0; i < locs.length; i++) {
    const al = locs[i]!.physicalLocation?.artifactLocation;
    if (!al?.uri) {
      if (i === 0) return undefined; // a result must say where it is
      continue;
    }
    const p = place(al as ArtifactLocation & { uri: string });
    if (p === null) return undefined;
    out[i] = p;
  }
  return out;
}
