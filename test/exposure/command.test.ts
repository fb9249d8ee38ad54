import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { startProbeServer, type ProbeServer } from '../../src/demo/probe-server.js';
import { exposureReportSchema } from '../../src/model/exposure.js';
import { writeExposurePackage, probeAnswers } from './fixture.js';

const dir = tempDir();
let pkg: string;
let server: ProbeServer;
const TOKEN = 'exposure-test-token-abcdef0123';
beforeAll(async () => {
  pkg = await writeExposurePackage(dir);
  server = await startProbeServer({ answers: probeAnswers });
});
afterAll(() => server.close());

const read = (out: string) => exposureReportSchema.parse(JSON.parse(readFileSync(join(out, 'exposure.json'), 'utf8')));

describe('ossast exposure', () => {
  it('lists the application interfaces apart from platform plumbing, allow-lists the platform endpoint with its reason (no probe: exit 0)', async () => {
    const out = join(dir, 'out-inventory');
    const r = await runCli(['exposure', pkg, '--out', out], { cwd: dir });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const report = read(out);
    const byName = new Map(report.endpoints.map((e) => [e.name, e]));
    expect([...byName.keys()].sort()).toEqual(['Orders.Internal', 'Orders.MainFlow.Home.DataActionGetOrders', 'Orders.OrdersAPI', 'Orders.PartnerService', 'Orders._debugger', 'SecurityUtils.Report']);
    expect(byName.get('Orders.PartnerService')).toMatchObject({ kind: 'soap', path: '/Orders/PartnerService.asmx', internalOnly: 'unknown', allowListed: false, platform: false });
    expect(byName.get('Orders._debugger')?.platform).toBe(true);
    expect(byName.get('SecurityUtils.Report')).toMatchObject({ allowListed: true, allowEntry: { id: 'platform.security-utils.report', file: 'ossast:config/exposure/platform-allow.yml' } });
    expect(byName.get('SecurityUtils.Report')?.allowEntry?.justification).toMatch(/Content-Security-Policy/);
    expect(byName.get('Orders.MainFlow.Home.DataActionGetOrders')?.roles).toEqual(['Anonymous']);
    expect(report.endpoints.every((e) => e.probe === undefined)).toBe(true);
    expect(r.stdout).toMatch(/Application interfaces \(5\):[\s\S]*Orders\.PartnerService[\s\S]*Platform plumbing \(1\):\n {2}Orders\._debugger/);
    expect(r.stdout).toContain('not probed (--probe-url)');
    expect(r.stderr).toContain('warning: Orders.MainFlow.Home.DataActionGetOrders: screen service open to Anonymous');
  });

  it('probed: fails (exit 1) on the unlisted reachable endpoint, never sending a credential', async () => {
    const out = join(dir, 'out-probe');
    const r = await runCli(['exposure', pkg, '--out', out, '--probe-url', server.url], { cwd: dir, env: { LIFETIME_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: Orders.PartnerService (/Orders/PartnerService.asmx) is reachable from outside (${server.url}/Orders/PartnerService.asmx?WSDL answered 200) and no allow-list entry covers it`);
    const report = read(out);
    const verdict = Object.fromEntries(report.endpoints.map((e) => [e.name, e.probe?.verdict]));
    expect(verdict).toEqual({
      'Orders.Internal': 'internal-only',
      'Orders.MainFlow.Home.DataActionGetOrders': undefined,
      'Orders.OrdersAPI': 'absent',
      'Orders.PartnerService': 'reachable',
      'Orders._debugger': 'absent',
      'SecurityUtils.Report': 'reachable',
    });
    expect(report.probeUrl).toBe(server.url);
    expect(server.requests.map((q) => q.url)).toContain('/Orders/rest/OrdersAPI/');
    for (const q of server.requests) expect(q.headers['authorization']).toBeUndefined();
    expect(JSON.stringify(server.requests)).not.toContain(TOKEN);
  });

  it('passes (exit 0) once an allow-list entry covers it; unused and expired entries are reported', async () => {
    const allow = join(dir, 'allow.yml');
    writeFileSync(
      allow,
      [
        'version: 1',
        'allow:',
        '  - id: partners',
        '    endpoint: Orders.PartnerService',
        '    justification: Partners call it from their own networks (contract 42)',
        '    owner: orders-team',
        '    expires: 2999-12-31',
        '  - id: stale',
        '    endpoint: Billing.*',
        '    justification: Billing module was removed last year',
        '    owner: billing-team',
        '  - id: old',
        '    endpoint: Orders.Internal',
        '    justification: was public during the migration',
        '    owner: orders-team',
        '    expires: 2020-01-31',
      ].join('\n'),
    );
    const out = join(dir, 'out-allowed');
    const r = await runCli(['exposure', pkg, '--out', out, '--probe-url', server.url, '--allow', allow], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${allow}:12: allow-list entry "old" expired on 2020-01-31 and allows nothing`);
    expect(r.stderr).toContain(`warning: ${allow}:8: allow-list entry "stale" (Billing.*) matched no endpoint`);
    const report = read(out);
    expect(report.endpoints.find((e) => e.name === 'Orders.PartnerService')).toMatchObject({ allowListed: true, allowEntry: { id: 'partners', file: allow } });
    expect(report.endpoints.find((e) => e.name === 'Orders.Internal')?.allowListed).toBe(false);
    expect(report.allowList).toEqual({ unused: [{ id: 'stale', file: allow }], expired: [{ id: 'old', file: allow, expires: '2020-01-31' }] });
  });

  it('without the built-in list the platform endpoint is a finding too', async () => {
    const r = await runCli(['exposure', pkg, '--out', join(dir, 'out-nobuiltin'), '--probe-url', server.url, '--no-builtin-allow'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: SecurityUtils.Report (/SecurityUtils/Report.asmx) is reachable from outside');
  });

  it('exit 2 for a bad probe URL or an invalid allow-list, before anything is extracted', async () => {
    const bad = await runCli(['exposure', pkg, '--out', join(dir, 'out-bad'), '--probe-url', 'https://u:p@apps.example.com'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ossast: --probe-url: the URL holds a user name or password');
    const file = join(dir, 'bad-allow.yml');
    writeFileSync(file, 'version: 1\nallow:\n  - id: x\n    endpoint: Orders.PartnerService\n    owner: me\n');
    const inv = await runCli(['exposure', pkg, '--out', join(dir, 'out-bad2'), '--allow', file], { cwd: dir });
    expect(inv.code).toBe(2);
    expect(inv.stderr).toContain(`${file}:3: allow.0.justification: required field is missing`);
  });

  it('exit 3 when the inventory cannot be built (the input cannot be extracted)', async () => {
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'not a zip');
    const r = await runCli(['exposure', broken, '--out', join(dir, 'out-broken')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ossast: the inventory could not be built:');
  });
});

describe('exposure: in the config', () => {
  it('is validated with file, line and field (exit 2, nothing scanned)', async () => {
    const cfg = join(dir, 'bad-exposure.yml');
    writeFileSync(cfg, 'version: 1\nexposure:\n  probeUrl: ftp://apps.example.com\n  level: fatal\n  probeConcurrency: 0\n');
    const r = await runCli(['scan', pkg, '--config', cfg, '--out', join(dir, 'out-badcfg')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${cfg}:3: exposure.probeUrl: only http and https URLs can be probed, received ftp`);
    expect(r.stderr).toContain(`${cfg}:4: exposure.level: expected one of "error", "warning", "note", received "fatal"`);
    expect(r.stderr).toContain(`${cfg}:5: exposure.probeConcurrency:`);
  });
  it('resolves exposure.allow relative to the config file and refuses a missing one (exit 2)', async () => {
    const cfg = join(dir, 'missing-allow.yml');
    writeFileSync(cfg, 'version: 1\nexposure:\n  allow: [nope/allow.yml]\n');
    const r = await runCli(['scan', pkg, '--config', cfg, '--out', join(dir, 'out-missing')], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`allow-list file ${join(dir, 'nope/allow.yml')} not found`);
  });
});

describe('probe errors', () => {
  it('a refused connection is an error verdict with its reason, not a crash', async () => {
    const closed = await startProbeServer({ answers: {} });
    const url = closed.url;
    await closed.close();
    const out = join(dir, 'out-refused');
    const r = await runCli(['exposure', pkg, '--out', out, '--probe-url', url], { cwd: dir });
    expect(r.code).toBe(0);
    const e = read(out).endpoints.find((x) => x.name === 'Orders.PartnerService');
    expect(e?.probe).toMatchObject({ verdict: 'error' });
    expect(e?.probe?.error).toMatch(/ECONNREFUSED/);
  });
});
