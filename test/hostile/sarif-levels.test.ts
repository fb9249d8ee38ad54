// A result's level follows SARIF 2.1.0 (§3.27.10, §3.52) through every reader: rules in extensions (toolComponent),
// invocation overrides, rule defaults, the result's own level; kind never lowers it; a reference that resolves to
// nothing refuses the log (exit 3). Generated variants, each gated directly and after `ossast merge`.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { sarifSchemaErrors } from '../support/sarif-validate.js';

type Level = 'none' | 'note' | 'warning' | 'error';
type Json = Record<string, unknown>;

const dir = tempDir();
const G = {
  driver: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c01',
  other: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c02',
  pack: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c03',
  decoy: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c04',
  rule: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c05',
  nowhere: '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c06',
};
const KINDS = [undefined, 'fail', 'pass', 'notApplicable', 'review', 'open', 'informational'] as const;

const location = [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 1 } } }];
const rule = (id: string, guid: string, level?: Level) => ({ id, guid, ...(level ? { defaultConfiguration: { level } } : {}) });

interface Placement {
  name: string;
  /** The tool, with the rule under test ("R") at the level given. */
  tool: (level: Level) => Json;
  /** References to "R": result properties and the override descriptor naming the same rule. */
  refs: { name: string; result: Json; descriptor: Json }[];
}

/**
 * Where rule R lives. In both, a decoy rule at the same index and/or with the same id says "note": the reading that
 * looks only at ruleIndex/ruleId in tool.driver.rules finds the decoy.
 */
const PLACEMENTS: Placement[] = [
  {
    name: 'driver rule',
    tool: (level) => ({ driver: { name: 'tool', guid: G.driver, rules: [rule('D', G.decoy, 'note'), rule('R', G.rule, level)] } }),
    refs: [
      { name: 'ruleId', result: { ruleId: 'R' }, descriptor: { id: 'R' } },
      { name: 'ruleIndex', result: { ruleIndex: 1 }, descriptor: { index: 1 } },
      { name: 'ruleId+ruleIndex', result: { ruleId: 'R', ruleIndex: 1 }, descriptor: { id: 'R', index: 1 } },
      { name: 'guid only', result: { rule: { guid: G.rule } }, descriptor: { guid: G.rule } },
      { name: 'rule.index', result: { rule: { index: 1 } }, descriptor: { index: 1 } },
      { name: 'hierarchical ruleId', result: { ruleId: 'R/variant-2' }, descriptor: { id: 'R' } },
      { name: 'toolComponent naming the driver', result: { rule: { id: 'R', toolComponent: { guid: G.driver } } }, descriptor: { id: 'R', toolComponent: { guid: G.driver } } },
    ],
  },
  {
    name: 'extension rule',
    tool: (level) => ({
      driver: { name: 'tool', guid: G.driver, rules: [rule('R', G.decoy, 'note')] },
      extensions: [
        { name: 'other', guid: G.other },
        { name: 'pack', guid: G.pack, rules: [rule('X', '0c3e6a52-7d41-4b8e-9a21-3f5d7e9b1c07', 'note'), rule('R', G.rule, level)] },
      ],
    }),
    refs: [
      { name: 'toolComponent.index + index + id', result: { ruleId: 'R', ruleIndex: 1, rule: { id: 'R', index: 1, toolComponent: { index: 1 } } }, descriptor: { id: 'R', index: 1, toolComponent: { index: 1 } } },
      { name: 'toolComponent.name + index', result: { ruleIndex: 1, rule: { index: 1, toolComponent: { name: 'pack' } } }, descriptor: { index: 1, toolComponent: { name: 'pack' } } },
      { name: 'toolComponent.guid + rule guid only', result: { rule: { guid: G.rule, toolComponent: { guid: G.pack } } }, descriptor: { guid: G.rule, toolComponent: { guid: G.pack } } },
      { name: 'toolComponent.index + id', result: { ruleId: 'R', rule: { id: 'R', toolComponent: { index: 1 } } }, descriptor: { id: 'R', toolComponent: { index: 1 } } },
      { name: 'toolComponent index+name+guid', result: { rule: { index: 1, toolComponent: { index: 1, name: 'pack', guid: G.pack } } }, descriptor: { index: 1, toolComponent: { index: 1, name: 'pack', guid: G.pack } } },
    ],
  },
];

/** Where the level comes from: the rule's default, an invocation override, or the result itself. */
const SOURCES = ['default', 'override', 'result'] as const;

interface Variant {
  name: string;
  /** Where a refused log's problem is (default: the result). */
  at?: string;
  log: Json;
  /** The level every reader must see, or the refusal's message. */
  expect: Level | RegExp;
}

function logOf(tool: Json, result: Json, invocation: Json = {}, extraRuns: Json[] = []): Json {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [...extraRuns, { tool, invocations: [{ executionSuccessful: true, ...invocation }], results: [{ message: { text: 'finding' }, locations: location, ...result }] }],
  };
}

function levelVariants(): Variant[] {
  const out: Variant[] = [];
  for (const p of PLACEMENTS) {
    for (const ref of p.refs) {
      for (const source of SOURCES) {
        for (const kind of KINDS) {
          const tool = p.tool(source === 'default' ? 'error' : 'note');
          const result = { ...ref.result, ...(source === 'result' ? { level: 'error' } : {}), ...(kind ? { kind } : {}) };
          // An override setting a lower level on the decoy rule must not reach R.
          const invocation = source === 'override' ? { ruleConfigurationOverrides: [{ descriptor: ref.descriptor, configuration: { level: 'error' } }] } : {};
          out.push({ name: `${p.name} by ${ref.name}, level from ${source}, kind ${kind ?? '(absent)'}`, log: logOf(tool, result, invocation), expect: 'error' });
        }
      }
    }
  }
  return out;
}

const driverTool = (level?: Level) => ({ driver: { name: 'tool', rules: [rule('R', G.rule, level)] } });
const override = (configuration: Json, descriptor: Json = { id: 'R' }) => ({ descriptor, configuration });

/** Combinations whose level the spec fixes below error, or where several sources disagree (the strictest wins). */
const SPECIAL: Variant[] = [
  { name: 'no rule metadata, no level', log: logOf({ driver: { name: 'tool' } }, { ruleId: 'R' }), expect: 'warning' },
  { name: 'no rule metadata, override by id', log: logOf({ driver: { name: 'tool' } }, { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ level: 'error' })] }), expect: 'error' },
  { name: 'rule without defaultConfiguration', log: logOf(driverTool(), { ruleId: 'R' }), expect: 'warning' },
  { name: "the result's own note wins over an error default (as GitHub reads it)", log: logOf(driverTool('error'), { ruleId: 'R', level: 'note' }), expect: 'note' },
  { name: 'an override lowers a default (the tool ran so configured)', log: logOf(driverTool('error'), { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ level: 'note' })] }), expect: 'note' },
  { name: 'enabled:false alone does not lower an error rule', log: logOf(driverTool('error'), { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ enabled: false })] }), expect: 'error' },
  { name: 'enabled:false with no level on an override by index', log: logOf(driverTool('error'), { ruleIndex: 0 }, { ruleConfigurationOverrides: [override({ enabled: false }, { index: 0 })] }), expect: 'error' },
  {
    name: 'overrides disagree (note, error): the strictest',
    log: logOf(driverTool('none'), { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ level: 'note' }), override({ level: 'error' }, { index: 0 }), override({ level: 'warning' })] }),
    expect: 'error',
  },
  {
    name: 'an override on another rule does not reach this one',
    log: logOf({ driver: { name: 'tool', rules: [rule('R', G.rule, 'error'), rule('S', G.decoy, 'note')] } }, { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ level: 'none' }, { id: 'S' })] }),
    expect: 'error',
  },
  { name: 'kind pass with an explicit level none (a pass result)', log: logOf(driverTool('error'), { ruleId: 'R', kind: 'pass', level: 'none' }), expect: 'none' },
  { name: 'kind informational with an explicit note', log: logOf(driverTool('error'), { ruleId: 'R', kind: 'informational', level: 'note' }), expect: 'note' },
  { name: 'kind pass without level on a warning rule', log: logOf(driverTool('warning'), { ruleId: 'R', kind: 'pass' }), expect: 'warning' },
  { name: 'rule id found in one extension only, no toolComponent', log: logOf({ driver: { name: 'tool' }, extensions: [{ name: 'pack', rules: [rule('R', G.rule, 'error')] }] }, { ruleId: 'R' }), expect: 'error' },
];

/** References that resolve to nothing or disagree: the log is refused, naming file, run, result and the problem. */
const REFUSED: Variant[] = [
  { name: 'ruleIndex out of range', log: logOf(driverTool('error'), { ruleIndex: 5 }), expect: /rule index 5 is out of range \(tool\.driver\.rules has 1 rule/ },
  { name: 'rule.index out of range in an extension', log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { index: 2, toolComponent: { index: 1 } } }), expect: /rule index 2 is out of range \(the rules of extension "pack" has 2/ },
  { name: 'toolComponent.index names no extension', log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { index: 1, toolComponent: { index: 7 } } }), expect: /toolComponent\.index 7 is out of range \(the run has 2 extension/ },
  { name: 'toolComponent.name names no component', log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { index: 1, toolComponent: { name: 'packs' } } }), expect: /toolComponent\.name "packs" names no tool component/ },
  { name: 'toolComponent.guid names no component', log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { index: 1, toolComponent: { guid: G.nowhere } } }), expect: /toolComponent\.guid "[^"]+" names no tool component/ },
  {
    name: 'toolComponent index and name disagree',
    log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { index: 0, toolComponent: { index: 1, name: 'other' } } }),
    expect: /toolComponent\.name "other" and its index\/guid name different tool components/,
  },
  { name: 'rule guid names no rule', log: logOf(driverTool('error'), { rule: { guid: G.nowhere } }), expect: /rule guid "[^"]+" names no rule in tool\.driver\.rules/ },
  { name: 'ruleIndex and rule.index disagree', log: logOf(PLACEMENTS[0]!.tool('error'), { ruleIndex: 0, rule: { index: 1 } }), expect: /ruleIndex 0 and rule\.index 1 disagree/ },
  { name: 'ruleId and rule.id disagree', log: logOf(PLACEMENTS[0]!.tool('error'), { ruleId: 'D', rule: { id: 'R' } }), expect: /ruleId "D" and rule\.id "R" disagree/ },
  { name: 'ruleIndex names the decoy, ruleId the error rule', log: logOf(PLACEMENTS[0]!.tool('error'), { ruleId: 'R', ruleIndex: 0 }), expect: /rule id "R" disagrees with the rule its index\/guid name \("D"\)/ },
  { name: 'rule index and guid name different rules', log: logOf(PLACEMENTS[0]!.tool('error'), { rule: { index: 0, guid: G.rule } }), expect: /rule index 0 and rule guid "[^"]+" name different rules/ },
  {
    name: 'id in two extensions, no toolComponent',
    log: logOf(
      {
        driver: { name: 'tool' },
        extensions: [
          { name: 'a', rules: [rule('R', G.rule, 'note')] },
          { name: 'b', rules: [rule('R', G.decoy, 'error')] },
        ],
      },
      { ruleId: 'R' },
    ),
    expect: /rule id "R" is not in tool\.driver\.rules and names 2 rules in tool\.extensions/,
  },
  {
    name: 'override descriptor out of range',
    at: 'runs[1].invocations[0].ruleConfigurationOverrides[0].descriptor',
    log: logOf(driverTool('error'), { ruleId: 'R' }, { ruleConfigurationOverrides: [override({ level: 'note' }, { index: 3 })] }),
    expect: /invocations\[0\]\.ruleConfigurationOverrides\[0\]\.descriptor: rule index 3 is out of range/,
  },
  { name: 'toolComponent without id, index or guid', log: logOf(PLACEMENTS[1]!.tool('error'), { rule: { toolComponent: { index: 1 } } as Json }), expect: /names no id, index or guid/ },
];

/** The bad result sits at runs[1].results[1]: the message must name exactly that place. */
function misplaced(v: Variant): Variant {
  const log = v.log as { runs: Json[] };
  const run = log.runs[0] as { results: Json[] };
  const good = { ruleId: 'ok', message: { text: 'fine' }, locations: location };
  return {
    ...v,
    log: {
      ...log,
      runs: [
        { tool: { driver: { name: 'first' } }, results: [] },
        { ...run, results: [good, ...run.results] },
      ],
    },
  };
}

const ALL: Variant[] = [...levelVariants(), ...SPECIAL];
const files = new Map<Variant, string>();
const refusedFiles = new Map<string, string>();
beforeAll(() => {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  ALL.forEach((v, i) => {
    const file = join(dir, 'logs', `v${i}.sarif`);
    writeFileSync(file, JSON.stringify(v.log));
    files.set(v, file);
  });
  REFUSED.forEach((v, i) => {
    const file = join(dir, 'logs', `refused${i}.sarif`);
    writeFileSync(file, JSON.stringify(misplaced(v).log));
    refusedFiles.set(v.name, file);
  });
});

const ORDER: Level[] = ['none', 'note', 'warning', 'error'];

/** The gate's verdicts that pin a level exactly: fails at that level, passes at the next one up. */
async function gateLevel(file: string): Promise<{ code: number; text: string; level: Level | undefined }> {
  for (const level of [...ORDER].reverse()) {
    if (level === 'none') break;
    const r = await runCli(['gate', file, '--fail-on', level]);
    if (r.code !== 0 && r.code !== 1) return { code: r.code, text: r.stdout + r.stderr, level: undefined };
    if (r.code === 1) return { code: 1, text: r.stdout, level };
  }
  return { code: 0, text: '', level: 'none' };
}

describe('SARIF rule resolution: every variant has the level the spec (read fail-closed) gives', () => {
  it(`generated ${ALL.length} variants are valid SARIF 2.1.0 (its JSON schema)`, async () => {
    const invalid: string[] = [];
    for (const v of ALL) {
      const errors = await sarifSchemaErrors(v.log);
      if (errors.length) invalid.push(`${v.name}: ${errors.join('; ')}`);
    }
    expect(invalid).toEqual([]);
    expect(ALL.length).toBeGreaterThan(250);
  });

  it('ossast gate reads each at its level', async () => {
    const wrong: string[] = [];
    for (const v of ALL) {
      const got = await gateLevel(files.get(v)!);
      if (got.level !== v.expect) wrong.push(`${v.name}: expected ${String(v.expect)}, gate read ${got.level ?? `exit ${got.code}: ${got.text}`}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('ossast merge writes each at the same level (explicit, its rule carried into the merged driver), and the gate agrees', async () => {
    const wrong: string[] = [];
    // Every reference form and level source; the kinds other than absent and "pass" are gated above.
    const sample = ALL.filter((v) => !/kind (fail|notApplicable|review|open|informational)$/.test(v.name));
    for (const [i, v] of sample.entries()) {
      const out = join(dir, 'merged', `m${i}.sarif`);
      const m = await runCli(['merge', files.get(v)!, '--output', out, '--source-root', dir]);
      if (m.code !== 0) {
        wrong.push(`${v.name}: merge exit ${m.code}: ${m.stderr}`);
        continue;
      }
      const merged = JSON.parse(readFileSync(out, 'utf8'));
      const run = merged.runs[0];
      const result = run.results[0];
      if (result.level !== v.expect) wrong.push(`${v.name}: merged result level ${result.level}, expected ${String(v.expect)}`);
      if (result.kind !== undefined && result.kind !== 'fail' && result.level !== 'none') wrong.push(`${v.name}: merged result keeps kind ${result.kind} with level ${result.level}`);
      if (run.tool.driver.rules[result.ruleIndex]?.id === undefined) wrong.push(`${v.name}: merged ruleIndex ${result.ruleIndex} names no rule`);
      const errors = await sarifSchemaErrors(merged);
      if (errors.length) wrong.push(`${v.name}: merged log invalid: ${errors.join('; ')}`);
      const got = await gateLevel(out);
      if (got.level !== v.expect) wrong.push(`${v.name}: gate of the merged log read ${got.level ?? `exit ${got.code}`}, expected ${String(v.expect)}`);
    }
    expect(wrong).toEqual([]);
    expect(sample.length).toBeGreaterThan(80);
  }, 300_000);
});

describe('SARIF rule resolution: a reference that resolves to nothing refuses the log (exit 3)', () => {
  for (const v of REFUSED) {
    it(`${v.name}: gate and merge exit 3 naming the file, ${v.at ?? 'runs[1].results[1]'} and the problem`, async () => {
      const file = refusedFiles.get(v.name)!;
      const gate = await runCli(['gate', file]);
      expect(gate.code, gate.stdout + gate.stderr).toBe(3);
      expect(gate.stderr).toContain(`${file}: ${v.at ?? 'runs[1].results[1]'}`);
      expect(gate.stderr).toMatch(v.expect as RegExp);
      expect(gate.stdout).not.toMatch(/PASSED/);
      const merge = await runCli(['merge', file, '--output', join(dir, 'refused', 'x.sarif'), '--source-root', dir]);
      expect(merge.code, merge.stderr).toBe(3);
      expect(merge.stderr).toContain(`${file}: ${v.at ?? 'runs[1].results[1]'}`);
      expect(merge.stderr).toMatch(v.expect as RegExp);
      // As a baseline, too.
      const base = await runCli(['gate', files.get(ALL[0]!)!, '--baseline', file]);
      expect(base.code).toBe(3);
      expect(base.stderr).toMatch(v.expect as RegExp);
    });
  }
});
