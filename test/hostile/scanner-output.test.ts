// Hostile scanner output: a tool's own failure, results outside the sources and a tool's own baseline state can never
// turn into a pass.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { guardedWorkspace } from '../support/hostile.js';

const base = tempDir();
let n = 0;

/** A workspace with a folder to scan and a command scanner that writes `sarif` as its log. */
function workspace(sarif: unknown) {
  const root = join(base, `ws${++n}`);
  writeTree(root, {
    'input/Mod/Actions/ActionRun.cs': 'class A { void F() { } }\n',
    'keep/canary.txt': 'must survive\n',
    'tool.sarif': JSON.stringify(sarif),
  });
  const script = writeScript(root, 'tool.sh', `cp "${join(root, 'tool.sarif')}" "$2"`);
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: evil\n    command: [${JSON.stringify(script)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  mkdirSync(join(root, 'out'), { recursive: true });
  return guardedWorkspace(root);
}

const scan = (ws: { root: string; out: string }, ...extra: string[]) => runCli(['scan', join(ws.root, 'input'), '--config', join(ws.root, 'ossast.yml'), '--out', ws.out, '--format', 'sarif,console,manifest', ...extra], { cwd: ws.root });

const rules = [{ id: 'evil.rule', defaultConfiguration: { level: 'error' } }];
const result = (uri: string, extra: Record<string, unknown> = {}) => ({
  ruleId: 'evil.rule',
  message: { text: 'a finding' },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }],
  ...extra,
});
const sarifWith = (results: unknown[], invocation: Record<string, unknown> = { executionSuccessful: true }) => ({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'EvilTool', rules } }, invocations: [invocation], results }],
});

describe('a command scanner that says its run failed', () => {
  it("keeps the tool's failure: exit 3, and the tool's own reason is printed", async () => {
    const ws = workspace(sarifWith([], { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'parser crashed on 12 files' } }] }));
    const r = await scan(ws);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE (exit 3)');
    expect(r.stdout + r.stderr).toContain('the tool reported that its run failed: parser crashed on 12 files');
    ws.unchanged();
  });
});

describe('results outside the source root', () => {
  it('a dropped result makes the run partial: exit 3, and the log says which and why', async () => {
    const ws = workspace(sarifWith([result('file:///etc/passwd'), result('../../x.cs')]));
    const r = await scan(ws);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('evil.rule: result dropped because its location ("file:///etc/passwd") is outside the scanned sources');
    expect(r.stdout).toContain('and');
    ws.unchanged();
  });

  it('with --allow-partial the run passes as PARTIAL, and says so', async () => {
    const ws = workspace(sarifWith([result('file:///etc/passwd')]));
    const r = await scan(ws, '--allow-partial');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PARTIAL results accepted');
    ws.unchanged();
  });
});

describe("a scanner's own suppressions", () => {
  it('are kept as evidence but not accepted: a forged "accepted" and a nosemgrep-style one still fail the gate', async () => {
    const ws = workspace(
      sarifWith([
        result('Mod/Actions/ActionRun.cs', { suppressions: [{ kind: 'external', status: 'accepted', justification: 'trust me', properties: { 'ossast/entry': 'os-platform-js-eval' } }] }),
        result('Mod/Actions/ActionRun.cs', { message: { text: 'second' }, suppressions: [{ kind: 'inSource' }] }),
      ]),
    );
    const r = await scan(ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 2 unsuppressed finding(s) at or above error');
    expect(r.stderr).toContain('2 result(s) carried suppressions ossast did not accept');
    ws.unchanged();
  });
});

describe("a scanner's own baselineState", () => {
  it('is not trusted without --baseline: an "absent" finding still fails the gate', async () => {
    const ws = workspace(sarifWith([result('Mod/Actions/ActionRun.cs', { baselineState: 'absent' }), result('Mod/Actions/ActionRun.cs', { baselineState: 'unchanged', message: { text: 'second' } })]));
    const r = await scan(ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 2 unsuppressed finding(s) at or above error');
    ws.unchanged();
  });

  it('ossast gate ignores it too', async () => {
    const ws = workspace({});
    const file = join(ws.root, 'foreign.sarif');
    writeFileSync(file, JSON.stringify(sarifWith([result('Mod/Actions/ActionRun.cs', { baselineState: 'absent' })])));
    const r = await runCli(['gate', file], { cwd: ws.root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error');
  });
});
