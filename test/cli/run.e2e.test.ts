// End to end with retrieval: `ossast run` and `ossast fetch` against the LifeTime simulator, real HTTP, ZIPs and Semgrep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const TOKEN = 'e2e-token-5d1c0b9a77';
const dir = tempDir();
let sim: Simulator;
beforeAll(async () => {
  sim = await startLifetimeSimulator({ catalog: await testCatalog(dir), token: TOKEN, packagingPolls: 0, failPackaging: [{ target: 'Billing', messages: [{ Message: 'Module BillingCore is outdated', Detail: 'Publish it again' }] }] });
});
afterAll(async () => sim.close());

const env = { LIFETIME_TOKEN: TOKEN };

describe('ossast run with LifeTime', () => {
  it('scans the targets that succeeded, exits 3 for the one that failed, and says which and why', async () => {
    const out = join(dir, 'run-out');
    const r = await runCli(['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--app', 'Billing', '--out', out, '--format', 'sarif,console,manifest,junit'], { env, cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('FAILED target Billing: retrieve: packaging of application Billing ended with status "Failed": Module BillingCore is outdated');
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8'));
    const run = log.runs[0];
    expect(run.results.map((x: { properties: Record<string, string> }) => x.properties['ossast/target'])).toEqual(expect.arrayContaining(['Shop/ShopCore', 'Shop/ShopUI']));
    const inv = run.invocations.find((i: { commandLine: string }) => i.commandLine === 'ossast retrieve and extract');
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0].message.text).toContain('target Billing was not scanned');
    expect(run.properties['ossast/targets']).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'Billing', status: 'failed' }), expect.objectContaining({ id: 'Shop/ShopCore', status: 'ok', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.targets.find((t: { id: string }) => t.id === 'Shop/ShopCore').lifetime).toMatchObject({ environment: { name: 'Production' }, application: { name: 'Shop' } });
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase classname="ossast" name="target Billing">');
    for (const f of ['results.sarif', 'manifest.json', 'junit.xml']) expect(readFileSync(join(out, f), 'utf8')).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('reads the same from a config file, with the token only from the environment', async () => {
    const cfg = join(dir, 'ossast.yml');
    writeFileSync(cfg, `version: 1\nlifetime:\n  url: ${sim.url}\n  environment: Production\n  applications: [Shop]\n  pollIntervalSeconds: 0.05\noutput:\n  dir: cfg-out\n  formats: [sarif]\n`);
    const r = await runCli(['run'], { env, cwd: dir });
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'cfg-out', 'results.sarif'))).toBe(true);
  });

  it('refuses a literal token in the config (exit 2) and says why', async () => {
    const cfg = join(dir, 'literal.yml');
    writeFileSync(cfg, `version: 1\nlifetime:\n  url: ${sim.url}\n  environment: Production\n  applications: [Shop]\n  token: ${TOKEN}\n`);
    const r = await runCli(['run', '--config', cfg], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lifetime.token holds a literal value');
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describe('ossast fetch', () => {
  it('retrieves and extracts only', async () => {
    const out = join(dir, 'fetched');
    const r = await runCli(['fetch', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--module', 'BillingCore', '--out', out], { env, cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'src', 'Shop', 'ShopCore', 'ShopCore.csproj'))).toBe(true);
    expect(existsSync(join(out, 'src', 'BillingCore', 'BillingCore.csproj'))).toBe(true);
    expect(r.stdout).toMatch(/Shop\/ShopCore\t[0-9a-f]{64}\t/);
  });
  it('exits 2 without a LifeTime URL', async () => {
    const r = await runCli(['fetch', '--out', join(dir, 'x')], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ossast fetch needs --lifetime-url');
  });
});

describe('ossast demo', () => {
  it('runs the whole flow on the bundled demo app and writes every report', async () => {
    const out = join(dir, 'demo');
    const r = await runCli(['demo', '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    // Two applications (the demo's and the platform's), so modules are shown as App/Module; the platform's are clean.
    expect(r.stdout).toMatch(/│ CustomerPortal\/\s+│ findings\s+│/);
    expect(r.stdout).toMatch(/│ OutSystemsPlatform\/\s+│ clean\s+│ 0\s+│/);
    expect(r.stderr).toContain('the gate would fail this build (exit 1) because of the planted weaknesses');
    for (const f of ['results.sarif', 'manifest.json', 'summary.md', 'report.html', 'junit.xml', 'github/results.sarif']) expect(existsSync(join(out, f)), f).toBe(true);
  });
});
