// Merges scanner outputs into one SARIF log: one run per tool, relative paths, explicit levels, fingerprints, no duplicates.
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, Location, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { ScannerRun } from '../scan/types.js';
import type { SourceTarget } from '../extract/types.js';
import { AUTOMATION_PREFIX, SRCROOT } from './conventions.js';
import { assignFingerprints } from './fingerprint.js';
import { relativeUri, targetFinder } from './locations.js';
import { invocationOf } from './invocation.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface MergeInput {
  runs: ScannerRun[];
  sourceRoot: string;
  targets: SourceTarget[];
  readSource?: (relPath: string) => string | undefined;
  ossastVersion: string;
  startedAt?: string;
}

export function mergeRuns(input: MergeInput): Log {
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
  const findTarget = targetFinder(input.sourceRoot, input.targets);
  const relocate = relocator(input.sourceRoot);
  const dropped: Notification[] = [];
  const results: Result[] = [];

  for (const src of sources) {
    const lookup = ruleLookup(src);
    for (const r of src.results ?? []) {
      const rule = lookup(r);
      const ruleId = r.ruleId ?? r.rule?.id ?? rule?.id ?? 'unknown-rule';
      if (!ruleIndex.has(ruleId)) {
        ruleIndex.set(ruleId, rules.length);
        // SARIF1001: a rule's name must differ from its id, or be left out.
        const { name: ruleName, ...ruleRest } = rule ?? { id: ruleId };
        rules.push(ruleName && ruleName !== ruleId ? { ...ruleRest, name: ruleName } : ruleRest);
      }
      const locations = (r.locations ?? []).map(relocate);
      const primary = locations[0]?.physicalLocation?.artifactLocation?.uri;
      if (locations.some((l) => l === undefined) || (r.locations?.length && !primary)) {
        dropped.push({
          level: 'warning',
          descriptor: { id: 'ossast/result-outside-sources' },
          message: { text: `${ruleId}: result dropped because its location is outside the scanned sources (${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? 'no uri'})` },
        });
        continue;
      }
      const target = primary ? findTarget(primary) : undefined;
      const { fingerprints, ruleIndex: _oldIndex, rule: _oldRule, ...rest } = r;
      const useful = Object.entries(fingerprints ?? {}).filter(([, v]) => v !== 'requires login');
      results.push({
        ...rest,
        ruleId,
        ruleIndex: ruleIndex.get(ruleId)!,
        level: r.level ?? rule?.defaultConfiguration?.level ?? 'warning',
        locations: locations.filter((l): l is Location => l !== undefined),
        ...(useful.length ? { fingerprints: Object.fromEntries(useful) } : {}),
        properties: {
          ...(r.properties ?? {}),
          ...(target ? { 'ossast/target': target.id, 'ossast/module': target.module, ...(target.application ? { 'ossast/application': target.application } : {}) } : {}),
        },
      });
    }
  }

  const invocations = group.map(invocationOf);
  if (dropped.length && invocations[0]) {
    invocations[0] = { ...invocations[0], toolExecutionNotifications: [...(invocations[0].toolExecutionNotifications ?? []), ...dropped] };
  }
  const unique = dedupe(results);
  assignFingerprints(unique, firstDriver?.name ?? name, input.readSource);
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
      [SRCROOT]: { uri: pathToFileURL(input.sourceRoot.endsWith('/') ? input.sourceRoot : `${input.sourceRoot}/`).href, description: { text: 'Folder the sources were extracted to by ossast' } },
    },
    columnKind: 'utf16CodeUnits',
    invocations,
    results: sortResults(unique),
    properties: { 'ossast/scanner': name, 'ossast/version': input.ossastVersion, 'ossast/rules': group.flatMap((g) => g.rules) },
  };
}

/** Finds a result's rule by ruleIndex, rule.index or id, in the driver then the extensions. */
function ruleLookup(src: SourceRun): (r: Result) => ReportingDescriptor | undefined {
  const all = [...(src.tool.driver.rules ?? []), ...(src.tool.extensions ?? []).flatMap((e) => e.rules ?? [])];
  const byId = new Map(all.map((r) => [r.id, r] as const));
  const driverRules = src.tool.driver.rules ?? [];
  return (r) => {
    const idx = r.ruleIndex ?? r.rule?.index;
    if (idx !== undefined && driverRules[idx]) return driverRules[idx];
    const id = r.ruleId ?? r.rule?.id;
    return id === undefined ? undefined : byId.get(id);
  };
}

/** Rewrites locations to SRCROOT-relative paths; artifact locations are computed once per distinct URI and shared. */
function relocator(sourceRoot: string): (l: Location) => Location | undefined {
  const cache = new Map<string, ArtifactLocation | null>();
  return (l) => {
    const al = l.physicalLocation?.artifactLocation;
    if (!al?.uri) return l;
    const plain = al.index === undefined && Object.keys(al).length <= 2;
    const cacheKey = `${al.uriBaseId ?? ''}\0${al.uri}`;
    let next = plain ? cache.get(cacheKey) : undefined;
    if (next === undefined) {
      const uri = relativeUri(al.uri, al.uriBaseId, sourceRoot);
      const { index: _index, ...restAl } = al;
      next = uri === undefined ? null : { ...restAl, uri, uriBaseId: SRCROOT };
      if (plain) cache.set(cacheKey, next);
    }
    return next === null ? undefined : { ...l, physicalLocation: { ...l.physicalLocation, artifactLocation: next } };
  };
}

/** The same finding reached twice (same rule, file and region) is kept once; done before fingerprinting. */
function dedupe(results: Result[]): Result[] {
  const seen = new Set<string>();
  return results.filter((r) => {
    const pl = r.locations?.[0]?.physicalLocation;
    const g = pl?.region;
    const key = `${r.ruleId}\0${pl?.artifactLocation?.uri}\0${g?.startLine}:${g?.startColumn}-${g?.endLine}:${g?.endColumn}\0${r.message.text ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortResults(results: Result[]): Result[] {
  const key = (r: Result) => {
    const pl = r.locations?.[0]?.physicalLocation;
    return [pl?.artifactLocation?.uri ?? '', pl?.region?.startLine ?? 0, pl?.region?.startColumn ?? 0, r.ruleId ?? ''] as const;
  };
  return results
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => (a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] - b.k[1] || a.k[2] - b.k[2] || (a.k[3] < b.k[3] ? -1 : a.k[3] > b.k[3] ? 1 : 0)))
    .map(({ r }) => r);
}
