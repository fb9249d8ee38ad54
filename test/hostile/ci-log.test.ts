// CI logs are an output too (#21 class 14): text from LifeTime (application and module names, status messages), from
// packages (file and folder names), from tools (stderr tails, SARIF rule ids and notifications) and from the config
// (paths) never runs a GitHub workflow command (a line starting with `::` once trimmed), an Azure logging command
// (`##vso[` or `##[` anywhere, any case), nor writes ANSI/C0/C1 controls, CR, Unicode line separators or bidi
// overrides. Every console line goes through one sink (src/util/log.ts ConsoleSink). Generated variants: each
// hostile sequence × each source, asserting the exit code, the message and every line of stdout and stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { writeZip } from '../support/zip.js';
import { ConsoleSink, neutraliseLine } from '../../src/util/log.js';
import { simKey, startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

/** Hostile sequences, each as it would be printed inside a message (and alone, to start a line). */
const SEQUENCES: [string, string][] = [
  ['GitHub ::error', '::error file=a.cs::pwned'],
  ['GitHub ::add-mask', '::add-mask::everything'],
  ['GitHub ::stop-commands', '::stop-commands::tok123'],
  ['GitHub command after spaces', '   ::warning::x'],
  ['GitHub command after a no-break space', '\u00a0::error::x'],
  ['GitHub command after a line feed', 'name\n::error::injected'],
  ['GitHub command after a CR', 'name\r::error::injected'],
  ['GitHub command after CR LF', 'name\r\n  ::set-output name=x::1'],
  ['GitHub command after a Unicode line separator', 'name\u2028::error::x'],
  ['GitHub command after NEL', 'name\u0085::error::x'],
  ['GitHub legacy ##[', '##[set-env name=X;]1'],
  ['Azure ##vso[', 'x ##vso[task.setvariable variable=GATE]passed'],
  ['Azure ##VSO[ in upper case', 'x ##VsO[task.complete result=Succeeded;]done'],
  ['Azure ##[error]', 'y ##[error]fake failure'],
  ['Azure after a line feed', 'a\n##vso[task.logissue type=error]b'],
  ['ANSI clear screen and colour', 'a\x1b[2J\x1b[31mred\x1b[0m'],
  ['ANSI OSC hyperlink', '\x1b]8;;https://evil.example\x07click\x1b]8;;\x07'],
  ['C1 CSI', 'a\u009b31mred'],
  ['bell, backspace, delete', 'a\x07\x08\x7fb'],
  ['bidi override', 'admin\u202eGNP.exe\u2066x\u2069'],
];

/** What no line of ossast's stdout or stderr may hold. */
function expectInert(r: CliResult, opts: { colour?: boolean } = {}): void {
  const bad: string[] = [];
  for (const [name, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    text.split('\n').forEach((line, i) => {
      const where = `${name} line ${i + 1}: ${JSON.stringify(line)}`;
      if (/^\s*::/.test(line)) bad.push(`starts with "::": ${where}`);
      if (/##(vso)?\[/i.test(line)) bad.push(`holds ##vso[ or ##[: ${where}`);
      const rest = opts.colour ? line.replace(/\x1b\[(?:0|31|32|33|36|39|90)m/g, '') : line;
      if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(rest)) bad.push(`holds a control character: ${where}`);
    });
  }
  expect(bad).toEqual([]);
}

describe('the sink: every line inert, whatever the chunks', () => {
  it.each(SEQUENCES)('%s: written in two parts split at every position, and whole', (_, seq) => {
    for (const text of [seq, `prefix ${seq} suffix`, `${seq}\n${seq}\n`]) {
      for (let at = 0; at <= text.length; at++) {
        let out = '';
        const sink = new ConsoleSink(
          new Writable({
            write(c, _e, cb) {
              out += c.toString();
              cb();
            },
          }),
        );
        sink.write(text.slice(0, at));
        sink.write(Buffer.from(text.slice(at)));
        sink.flushHeld();
        expectInert({ code: 0, stdout: out, stderr: '' });
      }
    }
  });

  it("a JSON document keeps its meaning (the escapes are JSON's own); ossast's colours are kept only when colour is on", () => {
    const value = { names: SEQUENCES.map(([, s]) => s) };
    const line = neutraliseLine(JSON.stringify(value));
    expect(JSON.parse(line)).toEqual(value);
    expect(neutraliseLine('\x1b[31mFAILED\x1b[0m', { colour: true })).toBe('\x1b[31mFAILED\x1b[0m');
    expect(neutraliseLine('\x1b[31mFAILED\x1b[0m')).toBe('\\u001b[31mFAILED\\u001b[0m');
    expect(neutraliseLine('\x1b[8mhidden\x1b[0m', { colour: true })).toBe('\\u001b[8mhidden\x1b[0m');
    expect(neutraliseLine('  ::error::x')).toBe('  \\u003a:error::x');
    expect(neutraliseLine('a ##vso[x] ##[y]')).toBe('a ##vso\\u005bx] ##\\u005by]');
  });
});

const base = tempDir('ossast-ci-log-');
let sim: Simulator;
let zip: string;
beforeAll(async () => {
  zip = await writeZip(join(base, 'M.v1.zip'), { 'M.csproj': '<Project />' });
  sim = await startLifetimeSimulator({
    token: 'ci-log-token-8d1f2a7b9c3e',
    packagingPolls: 0,
    catalog: {
      environments: [{ Key: simKey('env', 'Prod'), Name: 'Production' }],
      applications: SEQUENCES.map(([, seq], i) => ({ Key: simKey('app', `A${i}`), Name: `App${i} ${seq}`, zip, modules: [{ Key: simKey('mod', `M${i}`), Name: `Mod${i} ${seq}`, Kind: 'eSpace' as const, zip }] })),
    },
    failPackaging: SEQUENCES.map(([, seq], i) => ({ target: `App${i} ${seq}`, messages: [{ Message: `refused: ${seq}`, Detail: seq }] })),
  });
});
afterAll(async () => sim.close());

let n = 0;
function lifetimeConfig(lt: Record<string, unknown>): { root: string; config: string } {
  const root = join(base, `lt${++n}`);
  mkdirSync(root);
  const config = join(root, 'ossast.yml');
  writeFileSync(config, `version: 1\nlifetime: ${JSON.stringify({ url: sim.url, environment: 'Production', pollIntervalSeconds: 0.05, retries: 0, ...lt })}\n`);
  return { root, config };
}

describe.each(SEQUENCES.map(([name, seq], i) => [name, seq, i] as const))('%s', (_, seq, i) => {
  it('in LifeTime application and module names (listed when a name is unknown): exit 2, the message, every line inert', async () => {
    for (const lt of [{ applications: ['Nope'] }, { modules: ['Nope'] }]) {
      const { root, config } = lifetimeConfig(lt);
      const r = await runCli(['fetch', '--config', config, '--out', join(root, 'out')], { cwd: root, env: { LIFETIME_TOKEN: 'ci-log-token-8d1f2a7b9c3e' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no (application|module) named "Nope" in LifeTime; (application|module)s that exist: /);
      expect(r.stderr).toContain(lt.applications ? `App${i} ` : `Mod${i} `);
      expectInert(r);
    }
  });

  it("in a LifeTime status message, with colour forced: exit 3, the message, only ossast's own colour codes", async () => {
    const { root, config } = lifetimeConfig({ applications: [`App${i} ${seq}`] });
    const r = await runCli(['fetch', '--config', config, '--out', join(root, 'out'), '--color', 'always'], { cwd: root, env: { LIFETIME_TOKEN: 'ci-log-token-8d1f2a7b9c3e' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`packaging of application App${i} `);
    expect(r.stderr).toContain('\x1b[31merror:\x1b[0m');
    expectInert(r, { colour: true });
  });

  it("in a tool's stderr, its SARIF rule id and notification, a package's folder and file names, and a config path: every line inert", async () => {
    const root = join(base, `scan${i}`);
    const mod = join(root, 'src', 'App', 'Mod');
    mkdirSync(mod, { recursive: true });
    const safeName = seq.replace(/[/\0]/g, '_');
    writeFileSync(join(mod, `f ${safeName}.cs`), 'class A {}\n');
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Tool', rules: [{ id: `rule ${seq}` }] } },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: `note ${seq}` } }] }],
          results: [{ ruleId: `rule ${seq}`, level: 'error', message: { text: `msg ${seq}` }, locations: [{ physicalLocation: { artifactLocation: { uri: `App/Mod/f ${safeName}.cs` }, region: { startLine: 1 } } }] }],
        },
      ],
    };
    writeFileSync(join(root, 'out.sarif'), JSON.stringify(sarif));
    const tool = writeScript(root, 'tool.sh', `printf '%s\\n' ${JSON.stringify(`tool says ${seq}`)} >&2\nprintf '%s' ${JSON.stringify(seq)} >&2\ncp ${JSON.stringify(join(root, 'out.sarif'))} "$2"\nexit 1`);
    writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: tool\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
    const r = await runCli(['scan', 'src', '--config', 'ossast.yml', '--out', 'out', '--format', 'console,sarif', '--verbose'], { cwd: root });
    expect([1, 3]).toContain(r.code);
    expectInert(r);
    // A path that does not exist is named in the failure.
    const missing = await runCli(['scan', `missing ${safeName}`, '--out', 'out2'], { cwd: root });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/error: .*missing [\s\S]* does not exist/);
    expectInert(missing);
  });
});
