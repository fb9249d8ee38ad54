// The demo: its inventory lists the application interfaces, allow-lists the five platform endpoints with their reasons, and the
// probe fails on the unlisted reachable SOAP service until the demo allow-list covers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { buildDemoPackage } from '../../src/demo/build-package.js';
import { buildPlatformPackage, DEMO_PROBE_ANSWERS } from '../../src/demo/platform-package.js';
import { demoAllowFile } from '../../src/demo/exposure-check.js';
import { startProbeServer, type ProbeServer } from '../../src/demo/probe-server.js';
import { exposureReportSchema } from '../../src/model/exposure.js';

const dir = tempDir();
let server: ProbeServer;
let apps: string[];
beforeAll(async () => {
  server = await startProbeServer({ answers: DEMO_PROBE_ANSWERS });
  apps = [(await buildDemoPackage(join(dir, 'pkg'))).appZip, (await buildPlatformPackage(join(dir, 'pkg'))).appZip];
});
afterAll(() => server.close());

const PLATFORM = ['LifeTimeServices.DeploymentManagementService', 'NativeAppBuilder.Download', 'OutSystemsNowService.OutSystemsExpected', 'SecurityUtils.Report', 'lifetimeapi.v1'];

describe('demo exposure', () => {
  it('ossast exposure on the demo packages fails on CustomerPortal.CustomerService (reachable, unlisted) and passes with the demo allow-list', async () => {
    const out = join(dir, 'out-fail');
    const fail = await runCli(['exposure', ...apps, '--probe-url', server.url, '--out', out], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('error: CustomerPortal.CustomerService (/CustomerPortal/CustomerService.asmx) is reachable from outside');
    const report = exposureReportSchema.parse(JSON.parse(readFileSync(join(out, 'exposure.json'), 'utf8')));
    const app = report.endpoints.filter((e) => !e.platform && !PLATFORM.includes(e.name)).map((e) => e.name);
    expect(app).toEqual(expect.arrayContaining(['CustomerPortal.CustomerService', 'CustomerPortal.OrdersAPI', 'CustomerPortal_Reactive.MainFlow.TrackOrder.DataActionGetOrderStatus']));
    for (const name of PLATFORM) {
      const e = report.endpoints.find((x) => x.name === name);
      expect(e, name).toMatchObject({ allowListed: true, probe: { verdict: 'reachable' } });
      expect(e?.allowEntry?.justification, name).toMatch(/^Public by design \(OutSystems\)/);
    }
    expect(report.endpoints.find((e) => e.name === 'CustomerPortal.OrdersAPI')?.probe?.verdict).toBe('internal-only');
    expect(report.endpoints.find((e) => e.name === 'CustomerPortal._debugger')).toMatchObject({ platform: true, probe: { verdict: 'absent' } });

    const pass = await runCli(['exposure', ...apps, '--probe-url', server.url, '--out', join(dir, 'out-pass'), '--allow', demoAllowFile()], { cwd: dir });
    expect(pass.stderr).not.toContain('error:');
    expect(pass.code).toBe(0);
  });

  it('ossast demo shows the inventory and the allow-list check', async () => {
    const out = join(dir, 'demo');
    const r = await runCli(['demo', '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exposed interfaces: 12 endpoint\(s\)[^\n]*; 5 allow-listed;[^\n]*probed: 6 reachable, 1 reachable and not allow-listed/);
    expect(r.stdout).toContain('  CustomerPortal.CustomerService (soap)  probe: reachable 200  allow-listed: no  [REACHABLE, NOT ALLOW-LISTED]');
    expect(r.stdout).toMatch(/ {2}SecurityUtils\.Report \(rest\) {2}probe: reachable 200 {2}allow-listed: yes \(platform\.security-utils\.report\)\n {6}reason: Public by design/);
    expect(r.stderr).toContain(`demo: exposure: reachable from outside and not allow-listed: CustomerPortal.CustomerService (\`ossast exposure\` would exit 1); with --allow ${demoAllowFile()}: none (exit 0)`);
    // The findings table names each module with its application (two applications in the demo).
    expect(r.stdout).toMatch(/│ Module +│ Status +│/);
    expect(r.stdout).toMatch(/│ CustomerPortal\/ +│ findings/);
  }, 180_000);
});
