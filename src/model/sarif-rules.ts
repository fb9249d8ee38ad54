// How a SARIF result's rule reference and level resolve, as SARIF 2.1.0 defines them: one resolver for every reader.
import type { ReportingDescriptor, ReportingDescriptorReference, Result, Run, ToolComponent, ToolComponentReference } from 'sarif';
import { PipelineError } from '../util/errors.js';

/** A result's effective level. */
export type Level = NonNullable<Result['level']>;

/** What a result's rule reference resolves to: the rule (undefined when the tool described none) and the level. */
export type RuleResolution = { rule: ReportingDescriptor | undefined; level: Level; problem?: undefined } | { problem: string; rule?: undefined; level?: undefined };

/** A log whose rule references cannot be resolved is refused: guessing a rule could read an error as a note (exit 3). */
export class RuleReferenceError extends PipelineError {}

const RANK: Readonly<Record<Level, number>> = { none: 0, note: 1, warning: 2, error: 3 };
/** The stricter of two levels. */
export const stricter = (a: Level, b: Level): Level => (RANK[a] >= RANK[b] ? a : b);

/** SARIF's "absent" index is -1 (§3.52.5, §3.54.4); both spellings mean no index. */
const indexOf = (n: number | undefined): number | undefined => (n === undefined || n < 0 ? undefined : n);
const sameGuid = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

type Component = ToolComponent;
type Reference = ReportingDescriptorReference;

/**
 * The tool component a reference names (SARIF 2.1.0 §3.52.7, §3.54): tool.driver when it names none; otherwise
 * `index` into tool.extensions, `guid` or `name` of the driver or an extension. Every property given must name the
 * same component, or the reference is a problem.
 */
function componentOf(run: Run, ref: ToolComponentReference | undefined): Component | string {
  const driver = run.tool.driver;
  if (!ref) return driver;
  const all = [driver, ...(run.tool.extensions ?? [])];
  const extensions = run.tool.extensions ?? [];
  const found: Component[] = [];
  const idx = indexOf(ref.index);
  if (idx !== undefined) {
    const c = extensions[idx];
    if (!c) return `toolComponent.index ${idx} is out of range (the run has ${extensions.length} extension(s) in tool.extensions)`;
    found.push(c);
  }
  if (ref.guid !== undefined) {
    const c = all.filter((x) => sameGuid(x.guid, ref.guid));
    if (c.length !== 1) return `toolComponent.guid ${JSON.stringify(ref.guid)} names ${c.length ? 'several' : 'no'} tool component(s) (tool.driver, tool.extensions)`;
    found.push(c[0]!);
  }
  if (ref.name !== undefined) {
    const c = all.filter((x) => x.name === ref.name);
    if (c.length === 0) return `toolComponent.name ${JSON.stringify(ref.name)} names no tool component (tool.driver, tool.extensions)`;
    // Two components of one name: the other properties must decide which.
    if (c.length > 1 && found.length === 0) return `toolComponent.name ${JSON.stringify(ref.name)} names ${c.length} tool components; give its index or guid`;
    if (found.length === 0) found.push(c[0]!);
    else if (!c.includes(found[0]!)) return `toolComponent.name ${JSON.stringify(ref.name)} and its index/guid name different tool components`;
  }
  if (found.length === 0) return driver;
  if (found.some((c) => c !== found[0])) return 'toolComponent.index and toolComponent.guid name different tool components';
  return found[0]!;
}

/** Whether a rule is the one a ruleId names: the same id, or a hierarchical id below it ("CA2000/1", §3.27.5). */
const idNames = (rule: ReportingDescriptor, id: string) => rule.id === id || id.startsWith(`${rule.id}/`);

/** A tool component's rules by id and by guid (lower case), built once per component. */
interface RuleIndex {
  byId: Map<string, ReportingDescriptor[]>;
  byGuid: Map<string, ReportingDescriptor[]>;
}

function indexRules(rules: readonly ReportingDescriptor[]): RuleIndex {
  const byId = new Map<string, ReportingDescriptor[]>();
  const byGuid = new Map<string, ReportingDescriptor[]>();
  for (const r of rules) {
    const a = byId.get(r.id);
    if (a) a.push(r);
    else byId.set(r.id, [r]);
    if (r.guid !== undefined) {
      const g = r.guid.toLowerCase();
      const b = byGuid.get(g);
      if (b) b.push(r);
      else byGuid.set(g, [r]);
    }
  }
  return { byId, byGuid };
}

/**
 * The descriptor a reference resolves to (SARIF 2.1.0 §3.52): by index, guid or id in its tool component; undefined
 * when the component describes no such rule (rule metadata is optional); a string when the reference is wrong (an index
 * out of range, a guid naming no rule, properties naming different rules).
 */
function descriptorOf(run: Run, ref: Reference, indexes: Map<Component, RuleIndex>): ReportingDescriptor | undefined | string {
  const component = componentOf(run, ref.toolComponent);
  if (typeof component === 'string') return component;
  const rules = component.rules ?? [];
  let index = indexes.get(component);
  if (!index) indexes.set(component, (index = indexRules(rules)));
  const where = () => (component === run.tool.driver ? 'tool.driver.rules' : `the rules of extension ${JSON.stringify(component.name)}`);
  let rule: ReportingDescriptor | undefined;
  const idx = indexOf(ref.index);
  if (idx !== undefined) {
    rule = rules[idx];
    if (!rule) return `rule index ${idx} is out of range (${where()} has ${rules.length} rule(s))`;
  }
  if (ref.guid !== undefined) {
    const byGuid = index.byGuid.get(ref.guid.toLowerCase()) ?? [];
    if (byGuid.length !== 1) return `rule guid ${JSON.stringify(ref.guid)} names ${byGuid.length ? 'several rules' : 'no rule'} in ${where()}`;
    if (rule && rule !== byGuid[0]) return `rule index ${idx} and rule guid ${JSON.stringify(ref.guid)} name different rules in ${where()}`;
    rule = byGuid[0];
  }
  if (ref.id !== undefined) {
    if (rule) {
      if (!idNames(rule, ref.id)) return `rule id ${JSON.stringify(ref.id)} disagrees with the rule its index/guid name (${JSON.stringify(rule.id)}) in ${where()}`;
      return rule;
    }
    const byId = index.byId.get(ref.id) ?? longestPrefix(index, ref.id);
    if (byId.length > 1) return `rule id ${JSON.stringify(ref.id)} names ${byId.length} rules in ${where()}; give its index or guid`;
    rule = byId[0];
    // Without toolComponent a rule is the driver's; a tool that put it in one extension alone is still read by it.
    if (!rule && !ref.toolComponent && run.tool.extensions?.length) {
      const elsewhere = run.tool.extensions.flatMap((e) => (e.rules ?? []).filter((r) => r.id === ref.id));
      if (elsewhere.length > 1) return `rule id ${JSON.stringify(ref.id)} is not in tool.driver.rules and names ${elsewhere.length} rules in tool.extensions; give rule.toolComponent`;
      rule = elsewhere[0];
    }
  }
  return rule;
}

function longestPrefix(index: RuleIndex, id: string): ReportingDescriptor[] {
  for (let cut = id.lastIndexOf('/'); cut > 0; cut = id.lastIndexOf('/', cut - 1)) {
    const hit = index.byId.get(id.slice(0, cut));
    if (hit) return hit;
  }
  return [];
}

/** The one reference a result makes to its rule, from ruleId, ruleIndex and rule (which must agree, §3.27.5-7). */
function referenceOf(result: Result): Reference | string {
  const ref = result.rule;
  const idx = indexOf(result.ruleIndex);
  const refIdx = indexOf(ref?.index);
  if (idx !== undefined && refIdx !== undefined && idx !== refIdx) return `ruleIndex ${idx} and rule.index ${refIdx} disagree`;
  if (result.ruleId !== undefined && ref?.id !== undefined && result.ruleId !== ref.id) return `ruleId ${JSON.stringify(result.ruleId)} and rule.id ${JSON.stringify(ref.id)} disagree`;
  const id = ref?.id ?? result.ruleId;
  const index = refIdx ?? idx;
  return { ...(id === undefined ? {} : { id }), ...(index === undefined ? {} : { index }), ...(ref?.guid === undefined ? {} : { guid: ref.guid }), ...(ref?.toolComponent ? { toolComponent: ref.toolComponent } : {}) };
}

/**
 * Resolves results' rules and levels in one run. Every reader of SARIF goes through it (merge, gate, baseline,
 * suppression, reports), so a result has one level everywhere. SARIF 2.1.0 §3.27.10 and §3.52:
 *
 * - The rule: `rule.toolComponent` (an extension, or the driver) then `rule.index`/`ruleIndex`, `rule.guid`,
 *   `rule.id`/`ruleId` in that component's rules. References that disagree or point at nothing are a problem, never
 *   a silent "warning": the caller refuses the log (RuleReferenceError).
 * - The level: the result's `level`; else the level of the invocations' `ruleConfigurationOverrides` for that rule;
 *   else the rule's `defaultConfiguration.level`; else "warning".
 * - Fail closed where the sources could lower a level by accident or on purpose: several overrides for one rule give
 *   the strictest level; `configuration.enabled: false` does not lower the level of a result the rule still produced;
 *   and `kind` never lowers it. §3.27.10 says a result whose kind is not "fail" has level "none" when it gives none:
 *   ossast reads such a result at the level the chain above gives instead, because a kind ("pass", "review",
 *   "informational") is a tool's word and one property must not turn an error rule's finding into nothing. A
 *   result's own explicit level stays authoritative (as GitHub code scanning reads it), so the gate and the
 *   code-scanning view agree.
 */
export function ruleResolver(run: Run): (result: Result) => RuleResolution {
  const chain = chainResolver(run);
  return (result) => withOwnLevel(chain(result), result);
}

/** A resolution with the result's own level on top of the chain's (SARIF 2.1.0 §3.27.10: it comes first). */
const withOwnLevel = (r: RuleResolution, result: Result): RuleResolution => (r.problem !== undefined || result.level === undefined ? r : { rule: r.rule, level: result.level });

/** The rule and the level the chain below the result's own level gives (override, default, "warning"), cached per run. */
function chainResolver(run: Run): (result: Result) => RuleResolution {
  const cached = resolvers.get(run);
  if (cached && cached.tool === run.tool && cached.invocations === run.invocations) return cached.resolve;
  const indexes = new Map<Component, RuleIndex>();
  const overrides = overrideLevels(run, indexes);
  const chain = (result: Result): RuleResolution => {
    const ref = referenceOf(result);
    if (typeof ref === 'string') return { problem: ref };
    if (ref.id === undefined && ref.index === undefined && ref.guid === undefined) {
      if (ref.toolComponent) return { problem: 'rule.toolComponent is given but rule names no id, index or guid' };
      return { rule: undefined, level: 'warning' };
    }
    const rule = descriptorOf(run, ref, indexes);
    if (typeof rule === 'string') return { problem: rule };
    if (typeof overrides === 'string') return { problem: overrides };
    const overridden = rule ? overrides.byRule.get(rule) : ref.id === undefined ? undefined : overrides.byId.get(ref.id);
    return { rule, level: overridden ?? rule?.defaultConfiguration?.level ?? 'warning' };
  };
  // Most results name their rule by ruleId and ruleIndex alone: the resolution is the same for every result naming
  // the same pair, and is computed once (by index, checked against the id; by id when there is no index).
  const byIndex: { id: string | undefined; r: RuleResolution }[] = [];
  const byId = new Map<string | undefined, RuleResolution>();
  const resolve = (result: Result): RuleResolution => {
    if (result.rule !== undefined) return chain(result);
    const i = result.ruleIndex;
    if (i !== undefined && i >= 0 && i < 1_000_000) {
      const hit = byIndex[i];
      if (hit && hit.id === result.ruleId) return hit.r;
      const r = chain(result);
      if (!hit) byIndex[i] = { id: result.ruleId, r };
      return r;
    }
    let r = byId.get(result.ruleId);
    if (!r) byId.set(result.ruleId, (r = chain(result)));
    return r;
  };
  resolvers.set(run, { tool: run.tool, invocations: run.invocations, resolve });
  return resolve;
}

const resolvers = new WeakMap<Run, { tool: Run['tool']; invocations: Run['invocations']; resolve: (result: Result) => RuleResolution }>();

/** The override levels of a run's invocations, by rule (the strictest when several name it); a string when one points at nothing. */
function overrideLevels(run: Run, indexes: Map<Component, RuleIndex> = new Map()): { byRule: Map<ReportingDescriptor, Level>; byId: Map<string, Level> } | string {
  const byRule = new Map<ReportingDescriptor, Level>();
  const byId = new Map<string, Level>();
  for (const [i, inv] of (run.invocations ?? []).entries()) {
    for (const [j, o] of (inv.ruleConfigurationOverrides ?? []).entries()) {
      const level = o.configuration?.level;
      if (level === undefined) continue;
      const rule = descriptorOf(run, o.descriptor, indexes);
      if (typeof rule === 'string') return `invocations[${i}].ruleConfigurationOverrides[${j}].descriptor: ${rule}`;
      if (rule) byRule.set(rule, stricter(byRule.get(rule) ?? 'none', level));
      // An override of a rule the tool did not describe applies to results naming its id.
      else if (o.descriptor.id !== undefined) byId.set(o.descriptor.id, stricter(byId.get(o.descriptor.id) ?? 'none', level));
    }
  }
  return { byRule, byId };
}

/** Throws a RuleReferenceError naming `where` when a result's reference cannot be resolved. */
function resolved(run: Run, result: Result): Exclude<RuleResolution, { problem: string }> {
  const r = chainResolver(run)(result);
  if (r.problem !== undefined) throw new RuleReferenceError(`a result of rule ${JSON.stringify(result.ruleId ?? result.rule?.id ?? null)} in the run of ${JSON.stringify(run.tool.driver.name)}: ${r.problem}`, REFERENCE_HINT);
  return r;
}

export const REFERENCE_HINT = "the log's rule references (ruleId, ruleIndex, rule.id/index/guid/toolComponent, ruleConfigurationOverrides) must name rules that exist in it, and agree; fix or regenerate the tool's log";

/**
 * Checks every rule reference of a log (after it is read): the first that cannot be resolved throws a
 * RuleReferenceError naming the file, the run and the result.
 */
export function checkRuleReferences(log: { runs: readonly Run[] }, source: string): void {
  for (const [i, run] of log.runs.entries()) {
    const overrides = overrideLevels(run);
    if (typeof overrides === 'string') throw new RuleReferenceError(`${source}: runs[${i}].${overrides}`, REFERENCE_HINT);
    const resolve = chainResolver(run);
    const results = run.results ?? [];
    for (let j = 0; j < results.length; j++) {
      const r = resolve(results[j]!);
      if (r.problem !== undefined) throw new RuleReferenceError(`${source}: runs[${i}].results[${j}] (ruleId ${JSON.stringify(results[j]!.ruleId ?? results[j]!.rule?.id ?? null)}): ${r.problem}`, REFERENCE_HINT);
    }
  }
}

/** A result's rule descriptor in its run (see ruleResolver); undefined when the tool described none. */
export function ruleOf(run: Run, result: Result): ReportingDescriptor | undefined {
  return resolved(run, result).rule;
}

/** A result's effective level (see ruleResolver). */
export function levelOf(run: Run, result: Result): Level {
  return result.level ?? resolved(run, result).level;
}
