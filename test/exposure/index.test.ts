// `scan` with the exposure stage: SARIF run and rule, exposure.json beside results.sarif, report sections, manifest hash, baseline "new".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { startProbeServer, type ProbeServer } from '../../src/demo/probe-server.js';
import { exposureReportSchema } from '../../src/model/exposure.js';
import { validateSarif } from '../support/sarif-validate.js';
import { writeExposurePackage, probeAnswers } from './fixture.js';

const dir = tempDir();
let pkg: string;
let server: ProbeServer;
let config: string;
const out = join(dir, 'out');
let scan: CliResult;
beforeAll(async () => {
  pkg = await writeExposurePackage(dir);
  server = await startProbeServer({ answers: probeAnswers });
  config = join(dir, 'ossast.yml');
  writeFileSync(config, `version: 1\nexposure:\n  probeUrl: ${server.url}\n  probeTimeoutSeconds: 5\n`);
  scan = await runCli(['scan', pkg, '--config', config, '--out', out, '--format', 'sarif,console,markdown,html,manifest'], { cwd: dir });
}, 120_000);
afterAll(() => server.close());

const sarif = (folder: string) => JSON.parse(readFileSync(join(folder, 'results.sarif'), 'utf8'));
const exposureRun = (log: { runs: { tool: { driver: { name: string } } }[] }) =>
  log.runs.find((r) => r.tool.driver.name === 'ossast exposure') as
    | {
        tool: { driver: { rules: { id: string; defaultConfiguration: { level: string }; properties: { tags: string[] }; help: { text: string } }[] } };
        results: {
          ruleId: string;
          level: string;
          baselineState?: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
          partialFingerprints: Record<string, string>;
        }[];
      }
    | undefined;

describe('scan with exposure.probeUrl', () => {
  it('adds one warning result per unlisted reachable endpoint; the default gate (error) still passes', () => {
    expect(scan.stderr).not.toMatch(/^error:/m);
    expect(scan.code).toBe(0);
    const run = exposureRun(sarif(out));
    expect(run?.tool.driver.rules[0]).toMatchObject({ id: 'ossast.exposure.unlisted-endpoint', defaultConfiguration: { level: 'warning' } });
    expect(run?.tool.driver.rules[0]?.properties.tags).toContain('external/cwe/cwe-749');
    expect(run?.tool.driver.rules[0]?.help.text).toMatch(/Internal Access Only/);
    expect(run?.results).toHaveLength(1);
    const r = run!.results[0]!;
    expect(r).toMatchObject({ ruleId: 'ossast.exposure.unlisted-endpoint', level: 'warning' });
    expect(r.message.text).toContain('SOAP service Orders.PartnerService (/Orders/PartnerService.asmx) is reachable from outside');
    expect(r.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'Shop/Orders/PartnerService.asmx', uriBaseId: 'SRCROOT' });
    expect(r.partialFingerprints['ossast/v2']).toMatch(/^[0-9a-f]{16,}/);
  });

  it('the log with the exposure run passes sarif-multitool validate with no errors', async () => {
    expect((await validateSarif(join(out, 'results.sarif'))).errors).toEqual([]);
  }, 120_000);

  it('writes exposure.json beside results.sarif and its SHA-256 and counts in the manifest', () => {
    const bytes = readFileSync(join(out, 'exposure.json'));
    const report = exposureReportSchema.parse(JSON.parse(bytes.toString('utf8')));
    expect(report.endpoints.find((e) => e.name === 'SecurityUtils.Report')?.allowEntry?.id).toBe('platform.security-utils.report');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.exposure).toMatchObject({ file: 'exposure.json', sha256: createHash('sha256').update(bytes).digest('hex'), probeUrl: server.url });
    expect(manifest.exposure.counts).toMatchObject({ endpoints: 6, soap: 4, rest: 1, screenServices: 1, platform: 1, allowListed: 1, reachable: 2, reachableUnlisted: 1, anonymous: 1 });
    expect(manifest.exposure.allowLists[0]).toMatchObject({ path: 'ossast:config/exposure/platform-allow.yml', builtin: true });
  });

  it('shows an "Exposed interfaces" section in the console, Markdown and HTML reports', () => {
    expect(scan.stdout).toMatch(/Exposed interfaces: 6 endpoint\(s\)[^\n]*1 reachable and not allow-listed/);
    expect(scan.stdout).toContain('\n  Orders.PartnerService (soap)  probe: reachable 200  allow-listed: no  [REACHABLE, NOT ALLOW-LISTED]\n');
    expect(scan.stdout).toMatch(/\n {2}SecurityUtils\.Report \(soap\) {2}probe: reachable 200 {2}allow-listed: yes \(platform\.security-utils\.report\)\n {6}reason: Public by design \(OutSystems\); browsers/);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('### Exposed interfaces');
    expect(md).toContain('| `Orders.PartnerService` | soap | `/Orders/PartnerService.asmx` | unknown | reachable 200 | no | REACHABLE, NOT ALLOW-LISTED |');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="exposure"><h2>Exposed interfaces</h2>');
    expect(html).toContain('<tr class="bad"><td>Orders.PartnerService</td><td>soap</td>');
  });

  it('level from the config: error fails the default gate (exit 1)', async () => {
    const strict = join(dir, 'strict.yml');
    writeFileSync(strict, `version: 1\nexposure:\n  probeUrl: ${server.url}\n  level: error\n`);
    const r = await runCli(['scan', pkg, '--config', strict, '--out', join(dir, 'out-strict'), '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(exposureRun(sarif(join(dir, 'out-strict')))?.results[0]?.level).toBe('error');
  }, 120_000);

  it('without a probe URL: exposure.json is written, no exposure run in the SARIF log', async () => {
    const plain = join(dir, 'out-plain');
    // Run from a folder without ossast.yml: scan reads ./ossast.yml when present, and dir's sets a probe URL.
    mkdirSync(join(dir, 'no-config'), { recursive: true });
    const r = await runCli(['scan', pkg, '--out', plain, '--format', 'sarif'], { cwd: join(dir, 'no-config') });
    expect(r.code).toBe(0);
    expect(exposureRun(sarif(plain))).toBeUndefined();
    expect(exposureReportSchema.parse(JSON.parse(readFileSync(join(plain, 'exposure.json'), 'utf8'))).endpoints).toHaveLength(6);
  }, 120_000);

  it('with --baseline, endpoints not in the baseline inventory are marked new (exposure.json and SARIF)', async () => {
    mkdirSync(join(dir, 'small'));
    const smaller = await writeAppPackage(join(dir, 'small', 'Shop.zip'), {
      Orders: { 'Internal.asmx': '<%@ WebService Language="C#" Class="ssOrders.Internal" %>\n', 'Internal.asmx.cs': 'namespace ssOrders { [WebService] public class Internal { } }\n' },
    });
    const first = join(dir, 'out-base');
    expect((await runCli(['scan', smaller, '--config', config, '--out', first, '--format', 'sarif'], { cwd: dir })).code).toBe(0);
    const keep = join(dir, 'baseline');
    mkdirSync(keep);
    copyFileSync(join(first, 'results.sarif'), join(keep, 'results.sarif'));
    copyFileSync(join(first, 'exposure.json'), join(keep, 'exposure.json'));
    const second = join(dir, 'out-second');
    const r = await runCli(['scan', pkg, '--config', config, '--out', second, '--format', 'sarif', '--baseline', join(keep, 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(0);
    const report = exposureReportSchema.parse(JSON.parse(readFileSync(join(second, 'exposure.json'), 'utf8')));
    expect(Object.fromEntries(report.endpoints.map((e) => [e.name, e.new]))).toMatchObject({ 'Orders.Internal': false, 'Orders.PartnerService': true, 'SecurityUtils.Report': true });
    expect(exposureRun(sarif(second))?.results[0]?.baselineState).toBe('new');
  }, 240_000);

  it('a baseline inventory that is not an exposure.json is refused (exit 2), naming it', async () => {
    const bad = join(dir, 'bad-baseline');
    mkdirSync(bad);
    copyFileSync(join(out, 'results.sarif'), join(bad, 'results.sarif'));
    writeFileSync(join(bad, 'exposure.json'), '{"kind":"something-else"}');
    const r = await runCli(['scan', pkg, '--out', join(dir, 'out-badbase'), '--baseline', join(bad, 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`baseline inventory ${join(bad, 'exposure.json')} is not an ossast exposure.json: kind:`);
  });
});

describe('scan with --probe-url and --allow (the flags of the exposure: section)', () => {
  it('probes with --probe-url, and an --allow file covering the reachable endpoint takes its result away', async () => {
    const allow = join(dir, 'allow.yml');
    writeFileSync(allow, 'version: 1\nallow:\n  - id: partner\n    endpoint: Orders.PartnerService\n    justification: partners call it from their own networks\n    owner: orders-team\n');
    const probed = await runCli(['scan', pkg, '--out', join(dir, 'out-flags'), '--format', 'sarif', '--probe-url', server.url], { cwd: dir });
    expect(probed.code).toBe(0);
    expect(exposureRun(sarif(join(dir, 'out-flags')))?.results).toHaveLength(1);
    const allowed = await runCli(['scan', pkg, '--out', join(dir, 'out-flags-allowed'), '--format', 'sarif', '--probe-url', server.url, '--allow', allow], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(exposureRun(sarif(join(dir, 'out-flags-allowed')))?.results).toHaveLength(0);
  });

  it('refuses a --probe-url with credentials (exit 2), before scanning', async () => {
    const r = await runCli(['scan', pkg, '--out', join(dir, 'out-badurl'), '--probe-url', 'https://user:pw@apps.example.com'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--probe-url:');
    expect(r.stderr).not.toContain('pw@');
  });
});
