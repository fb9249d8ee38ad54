// The controls section: the mapping file (config/controls.yml) read and checked, and per OWASP Top 10 2021 category and
// PCI DSS v4.0 6.2.4 attack class, the rules that ran in the log, their open and suppressed findings with who accepted
// them, and NOT COVERED where no rule that ran addresses the class. Pure once the mapping is read.
import { join } from 'node:path';
import type { Log, Run } from 'sarif';
import * as z from 'zod';
import type { ControlRow, ControlsRecord } from '../model/controls.js';
import { isSuppressed } from '../model/sarif-keys.js';
import { ruleOf } from '../model/sarif-rules.js';
import { ConfigError } from '../util/errors.js';
import { packageRoot } from '../util/version.js';
import { loadYaml, parseYaml } from '../util/yaml.js';
import { readYamlFile } from '../util/yaml-file.js';

const OWASP_ID = /^A(0[1-9]|10):2021$/;
const classMap = z.object({ cwe: z.array(z.number().int().positive()), owasp: z.array(z.string().regex(OWASP_ID)), pci: z.array(z.string()) }).strict();

export const controlMapSchema = z
  .object({
    version: z.literal(1),
    owasp: z.array(z.object({ id: z.string().regex(OWASP_ID), title: z.string() }).strict()).length(10),
    pci: z.array(z.object({ id: z.string(), title: z.string() }).strict()).min(1),
    cwe: z.record(z.string().regex(/^[1-9][0-9]*$/), z.array(z.string())),
    rules: z.record(z.string(), classMap),
    suppressions: z.record(z.string(), z.union([classMap, z.object({ any: z.literal(true) }).strict()])),
  })
  .strict();
export type ControlMap = z.infer<typeof controlMapSchema>;

/** The mapping file shipped with ossast. */
export const builtinControlsFile = (): string => join(packageRoot(), 'config', 'controls.yml');

/** Reads and checks a mapping file: every PCI class named must be one the file defines (exit 2 naming the entry otherwise). */
export async function loadControlMap(path = builtinControlsFile()): Promise<{ map: ControlMap; path: string; sha256: string }> {
  const hint = 'fix the mapping file (docs/controls.md describes it)';
  const read = await readYamlFile(path, path, { what: 'controls mapping', hint });
  await loadYaml();
  const parsed = controlMapSchema.safeParse(parseYaml(read.text, path).data);
  if (!parsed.success) throw new ConfigError(`${path}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`, hint);
  const map = parsed.data;
  const classes = new Set(map.pci.map((c) => c.id));
  const named: [string, string[]][] = [
    ...Object.entries(map.cwe).map(([k, v]): [string, string[]] => [`cwe.${k}`, v]),
    ...Object.entries(map.rules).map(([k, v]): [string, string[]] => [`rules.${k}`, v.pci]),
    ...Object.entries(map.suppressions).map(([k, v]): [string, string[]] => [`suppressions.${k}`, 'pci' in v ? v.pci : []]),
  ];
  for (const [where, pci] of named) {
    const unknown = pci.find((c) => !classes.has(c));
    if (unknown) throw new ConfigError(`${path}: ${where}: unknown PCI DSS class "${unknown}" (defined: ${[...classes].join(', ')})`, hint);
  }
  return { map, path, sha256: read.sha256 };
}

const tagsOf = (rule: { properties?: { tags?: unknown } } | undefined): string[] => {
  const tags = rule?.properties?.['tags'];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
};

/** CWE numbers in tags ("CWE-89: ...", "external/cwe/cwe-89") and OWASP 2021 categories ("OWASP-A03:2021 - Injection"). */
export function classesOfTags(tags: string[], map: ControlMap): { cwe: string[]; owasp: string[]; pci: string[] } {
  const cwe = [...new Set(tags.flatMap((t) => [...t.matchAll(/\bcwe-(\d+)\b/gi)].map((m) => m[1]!)))];
  const owasp = [...new Set(tags.flatMap((t) => [...t.matchAll(/\bA(0[1-9]|10):2021\b/g)].map((m) => `A${m[1]}:2021`)))];
  const pci = [...new Set(cwe.flatMap((c) => map.cwe[c] ?? []))];
  return { cwe: cwe.map((c) => `CWE-${c}`), owasp, pci };
}

interface RuleTally {
  id: string;
  tool: string;
  cwe: string[];
  owasp: string[];
  pci: string[];
  from: 'mapping' | 'tags';
  open: number;
  suppressed: number;
  accepted: Map<string, { by: string; entry?: string; count: number }>;
}

/** Who accepted a suppressed result: its accepted suppression's owner (and entry), or "in source" for an in-source comment. */
function acceptorOf(result: NonNullable<Run['results']>[number]): { by: string; entry?: string } {
  const s = (result.suppressions ?? []).find((x) => x.status === undefined || x.status === 'accepted');
  const owner = s?.properties?.['owner'];
  const entry = s?.properties?.['ossast/entry'];
  const by = typeof owner === 'string' && owner ? owner : s?.kind === 'inSource' ? 'in source (a comment in the code)' : 'unnamed';
  return { by, ...(typeof entry === 'string' ? { entry } : {}) };
}

/** The rules each tool loaded, by tool name: what a log declares in tool.driver and its extensions. */
export interface LoadedRules {
  tool: string;
  rules: { id: string; properties?: { tags?: unknown } }[];
}

/**
 * The rules the tools' own logs declare, taken before the merge (which keeps only the rules that have results): a rule
 * that ran and found nothing still covers its controls.
 */
export function rulesOfLogs(logs: ({ runs: Run[] } | undefined)[]): LoadedRules[] {
  return logs.flatMap((l) =>
    (l?.runs ?? []).map((run) => ({
      tool: run.tool.driver.name,
      rules: [...(run.tool.driver.rules ?? []), ...(run.tool.extensions ?? []).flatMap((e) => e.rules ?? [])].map((r) => ({ id: r.id, ...(r.properties?.['tags'] !== undefined ? { properties: { tags: r.properties['tags'] } } : {}) })),
    })),
  );
}

/** The rules recorded in controls sections (a shard's), as loaded rules again: their classes written back as tags. */
export function loadedRulesOf(records: ControlsRecord[]): LoadedRules[] {
  const seen = new Map<string, LoadedRules>();
  for (const c of records)
    for (const r of c.rules) {
      const l = seen.get(r.tool) ?? { tool: r.tool, rules: [] };
      seen.set(r.tool, l);
      if (!l.rules.some((x) => x.id === r.id)) l.rules.push({ id: r.id, properties: { tags: [...r.cwe, ...r.owasp.map((o) => `OWASP-${o}`)] } });
    }
  return [...seen.values()];
}

/** Every rule that ran (`loaded`, else what the log declares), with its findings in the log counted. */
function tallyRules(log: Log, map: ControlMap, loaded?: LoadedRules[]): RuleTally[] {
  const tallies = new Map<string, RuleTally>();
  const tallyOf = (tool: string, rule: { id: string; properties?: { tags?: unknown } }): RuleTally => {
    const key = `${tool}\0${rule.id}`;
    let t = tallies.get(key);
    if (!t) {
      const mapped = map.rules[rule.id];
      const classes = mapped ? { cwe: mapped.cwe.map((c) => `CWE-${c}`), owasp: mapped.owasp, pci: mapped.pci } : classesOfTags(tagsOf(rule), map);
      t = { id: rule.id, tool, ...classes, from: mapped ? 'mapping' : 'tags', open: 0, suppressed: 0, accepted: new Map() };
      tallies.set(key, t);
    }
    return t;
  };
  for (const l of loaded ?? rulesOfLogs([log])) for (const rule of l.rules) tallyOf(l.tool, rule);
  for (const run of log.runs) {
    const tool = run.tool.driver.name;
    for (const result of run.results ?? []) {
      // A baseline's result that is gone (baselineState absent) is no finding of this run.
      if (result.baselineState === 'absent') continue;
      const rule = ruleOf(run, result) ?? (result.ruleId ? { id: result.ruleId } : undefined);
      if (!rule) continue;
      const t = tallyOf(tool, rule);
      if (!isSuppressed(result)) {
        t.open++;
        continue;
      }
      t.suppressed++;
      const a = acceptorOf(result);
      const key = `${a.by}\0${a.entry ?? ''}`;
      const seen = t.accepted.get(key);
      if (seen) seen.count++;
      else t.accepted.set(key, { ...a, count: 1 });
    }
  }
  return [...tallies.values()];
}

/** The controls section of a log (after suppression), under a mapping; `ran`: the rules the tools loaded (rulesOfLogs). */
export function controlsOf(log: Log, loaded: { map: ControlMap; path: string; sha256: string }, ran?: LoadedRules[]): ControlsRecord {
  const { map } = loaded;
  const rules = tallyRules(log, map, ran);
  const builtinFor = (framework: 'owasp' | 'pci', id: string) =>
    Object.entries(map.suppressions)
      .filter(([, v]) => ('any' in v ? true : v[framework].includes(id)))
      .map(([k]) => k);
  const row = (framework: ControlRow['framework'], kind: 'owasp' | 'pci', c: { id: string; title: string }): ControlRow => {
    const mine = rules.filter((r) => r[kind].includes(c.id));
    const accepted = new Map<string, { by: string; entry?: string; count: number }>();
    for (const r of mine)
      for (const [k, a] of r.accepted) {
        const seen = accepted.get(k);
        if (seen) seen.count += a.count;
        else accepted.set(k, { ...a });
      }
    return {
      framework,
      id: c.id,
      title: c.title,
      covered: mine.length > 0,
      rules: [...new Set(mine.map((r) => r.id))].sort(),
      open: mine.reduce((n, r) => n + r.open, 0),
      suppressed: mine.reduce((n, r) => n + r.suppressed, 0),
      acceptedBy: [...accepted.values()],
      builtinSuppressions: builtinFor(kind, c.id),
    };
  };
  return {
    mapping: { path: loaded.path === builtinControlsFile() ? 'ossast:config/controls.yml' : loaded.path, sha256: loaded.sha256 },
    controls: [...map.owasp.map((c) => row('OWASP Top 10 2021', 'owasp', c)), ...map.pci.map((c) => row('PCI DSS v4.0 6.2.4', 'pci', c))],
    rules: rules.map((r) => ({ id: r.id, tool: r.tool, cwe: r.cwe, owasp: r.owasp, pci: r.pci, from: r.from })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
