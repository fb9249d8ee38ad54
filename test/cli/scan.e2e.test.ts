// End to end: `ossast scan` on packages built at test time, with the real Semgrep and the bundled rule pack.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeScript } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { writeZip } from '../support/zip.js';
import { writeShopPackage } from '../support/shop.js';
import { validateSarif } from '../support/sarif-validate.js';

const root = tempDir();
const appZip = join(root, 'Shop.zip');
await writeShopPackage(appZip);

function loadLog(out: string) {
  return JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8'));
}

describe('ossast scan (real Semgrep)', () => {
  const out = join(root, 'out');
  let result: Awaited<ReturnType<typeof runCli>>;

  it('scans an application package and exits 1 on findings at error level', async () => {
    result = await runCli(['scan', appZip, '--out', out, '--format', 'sarif,console,manifest']);
    expect(result.stderr).not.toContain('error:');
    expect(result.code).toBe(1);
    expect(existsSync(join(out, 'results.sarif'))).toBe(true);
  });

  it('writes one run for Semgrep with relative paths, levels and fingerprints on every result', () => {
    const log = loadLog(out);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].commandLine).toContain('--metrics=off');
    const uris = run.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(uris.map((u: { uri: string }) => u.uri)).toEqual(expect.arrayContaining(['Shop/ShopCore/Actions/ActionFindOrders.cs', 'Shop/ShopUI/scripts/ShopUI.controller.js']));
    for (const u of uris) expect(u.uriBaseId).toBe('SRCROOT');
    for (const r of run.results) {
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.partialFingerprints['ossast/v2']).toMatch(/^[0-9a-f]{16,}/);
    }
    const text = JSON.stringify(run.results);
    expect(text).not.toContain(root);
  });

  it('passes sarif-multitool validate with no errors', async () => {
    const v = await validateSarif(join(out, 'results.sarif'));
    expect(v.errors).toEqual([]);
  });

  it('gives the same fingerprints on a rerun into another folder', async () => {
    const out2 = join(root, 'out2');
    const again = await runCli(['scan', appZip, '--out', out2, '--format', 'sarif']);
    expect(again.code).toBe(1);
    const fp = (o: string) =>
      loadLog(o)
        .runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['ossast/v2'])
        .sort();
    expect(fp(out2)).toEqual(fp(out));
  });

  it('with its own results as baseline, every finding is unchanged and --new-only passes', async () => {
    const out4 = join(root, 'out4');
    const r = await runCli(['scan', appZip, '--out', out4, '--format', 'sarif', '--baseline', join(out, 'results.sarif'), '--new-only']);
    expect(r.code).toBe(0);
    const states = loadLog(out4).runs[0].results.map((x: { baselineState: string }) => x.baselineState);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['unchanged']));
  });

  it('adds user rules with --rules to the bundled pack', async () => {
    const rule = join(root, 'company.yml');
    writeFileSync(rule, 'rules:\n- id: company.no-sqlcommand\n  pattern: new SqlCommand(...)\n  message: use the company data layer\n  languages: [csharp]\n  severity: WARNING\n  metadata:\n    cwe: ["CWE-89: SQL Injection"]\n');
    const out5 = join(root, 'out5');
    const r = await runCli(['scan', appZip, '--out', out5, '--format', 'sarif,manifest', '--rules', rule]);
    expect(r.code).toBe(1);
    const ids = loadLog(out5).runs[0].results.map((x: { ruleId: string }) => x.ruleId);
    expect(ids).toContain('company.no-sqlcommand');
    expect(ids).toContain('ossast.csharp.sql-injection.string-concat');
    const manifest = JSON.parse(readFileSync(join(out5, 'manifest.json'), 'utf8'));
    expect(manifest.scanners[0].rules.map((x: { path: string }) => x.path)).toContain(rule);
  });

  it('exits 0 with --fail-on none', async () => {
    const r = await runCli(['scan', appZip, '--out', join(root, 'out3'), '--format', 'sarif', '--fail-on', 'none']);
    expect(r.code).toBe(0);
  });
});

describe('ossast scan error paths', () => {
  it('exits 2 on an invalid config, naming file, line and field', async () => {
    const cfg = join(root, 'bad.yml');
    writeFileSync(cfg, 'version: 1\ngate:\n  failOn: sometimes\n');
    const r = await runCli(['scan', appZip, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${cfg}:3: gate.failOn: expected one of "error", "warning", "note", "none", received "sometimes"`);
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await runCli(['scan', appZip, '--fail-level', 'error']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--fail-level'");
  });

  it('exits 3 on a corrupt ZIP and says which file, while the log records the failed target', async () => {
    const bad = join(root, 'corrupt.zip');
    writeFileSync(bad, 'PK\u0003\u0004 this is not really a zip');
    const out = join(root, 'out-corrupt');
    const r = await runCli(['scan', bad, '--out', out, '--format', 'sarif']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('corrupt.zip');
    const log = loadLog(out);
    const inv = log.runs.flatMap((run: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[] }) => run.invocations);
    expect(inv.some((i: { executionSuccessful: boolean }) => i.executionSuccessful === false)).toBe(true);
    expect(JSON.stringify(inv)).toContain('corrupt.zip');
  });

  it('exits 3 when a ZIP tries to write outside the target', async () => {
    const evil = join(root, 'evil.zip');
    await writeZip(evil, { 'Mod.csproj': '<Project />', 'Actions/ok.cs': 'class A {}' });
    // yazl refuses "../" names, so patch one in place: same length keeps the ZIP structure valid.
    const buf = readFileSync(evil);
    writeFileSync(evil, Buffer.from(buf.toString('latin1').split('Actions/ok.cs').join('../../evil.cs'), 'latin1'));
    const out = join(root, 'out-evil');
    const r = await runCli(['scan', evil, '--out', out, '--format', 'sarif']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('../../evil.cs');
    expect(existsSync(join(out, 'evil.cs'))).toBe(false);
    expect(existsSync(join(root, 'evil.cs'))).toBe(false);
  });

  it('exits 3 when the scanner is missing, and the SARIF says which part failed', async () => {
    const cfg = join(root, 'missing.yml');
    writeFileSync(cfg, `version: 1\nscanners:\n  - type: semgrep\n    executable: ${join(root, 'nope', 'semgrep')}\n`);
    const out = join(root, 'out-missing');
    const r = await runCli(['scan', appZip, '--config', cfg, '--out', out, '--format', 'sarif']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('not found');
    const run = loadLog(out).runs[0];
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('not found');
  });

  it('exits 3 when a command scanner crashes, even though Semgrep succeeded', async () => {
    const crash = writeScript(root, 'crashy-tool', 'echo "segfault in analyzer" >&2; kill -SEGV $$');
    const cfg = join(root, 'crash.yml');
    writeFileSync(cfg, `version: 1\nscanners:\n  - type: semgrep\n  - type: command\n    name: crashy\n    command: ["${crash}", "{src}", "{out}"]\n`);
    const out = join(root, 'out-crash');
    const r = await runCli(['scan', appZip, '--config', cfg, '--out', out, '--format', 'sarif', '--fail-on', 'none']);
    expect(r.code).toBe(3);
    const log = loadLog(out);
    expect(log.runs.map((x: { tool: { driver: { name: string } } }) => x.tool.driver.name)).toHaveLength(2);
    const crashed = log.runs.find((x: { automationDetails: { id: string } }) => x.automationDetails.id === 'ossast/crashy/');
    expect(crashed.invocations[0].executionSuccessful).toBe(false);
    expect(crashed.invocations[0].toolExecutionNotifications[0].message.text).toContain('segfault in analyzer');
  });
});
