import { describe, expect, it } from 'vitest';
import { evaluateExposure } from '../../src/exposure/evaluate.js';
import { exposureReportSchema, type SourceEndpoint } from '../../src/model/exposure.js';
import type { AllowList } from '../../src/exposure/allow-list.js';

const ep = (name: string, kind: SourceEndpoint['kind'] = 'soap', extra: Partial<SourceEndpoint> = {}): SourceEndpoint => ({
  name,
  module: name.split('.')[0]!,
  target: `App/${name.split('.')[0]}`,
  kind,
  path: `/${name.replace('.', '/')}.asmx`,
  file: `App/${name.split('.')[0]}/x.asmx`,
  platform: false,
  internalOnly: 'unknown',
  ...extra,
});
const entry = (id: string, endpoint: string, file: string, extra: { expires?: string; line?: number } = {}) => ({ id, endpoint, justification: 'public by design for partners', owner: 'team', file, ...extra });
const list: AllowList = {
  files: [
    { path: 'ossast:builtin', sha256: 'x', builtin: true },
    { path: 'mine.yml', sha256: 'y', builtin: false },
  ],
  entries: [
    entry('platform.csp', 'SecurityUtils.Report', 'ossast:builtin'),
    entry('platform.unused', 'NativeAppBuilder.Download', 'ossast:builtin'),
    entry('partners', 'Orders.PartnerService', 'mine.yml', { line: 3 }),
    entry('old', 'Orders.Legacy', 'mine.yml', { expires: '2020-01-01', line: 7 }),
    entry('nothing', 'Nope.*', 'mine.yml', { line: 12 }),
  ],
};
const now = new Date('2026-03-01T00:00:00Z');

describe('evaluateExposure', () => {
  it('marks allow-listed endpoints with their entry, flags only unlisted reachable ones, reports expired and unused user entries', () => {
    const endpoints = [ep('SecurityUtils.Report'), ep('Orders.PartnerService'), ep('Orders.Legacy'), ep('Orders.Internal'), ep('Orders.Gone'), ep('Orders.Main.Home.DataActionGet', 'screen-service', { roles: ['Anonymous'] })];
    const probe = (verdict: 'reachable' | 'internal-only' | 'absent', status: number) => ({ url: 'http://h/x', verdict, status });
    const out = evaluateExposure({
      endpoints,
      allowList: list,
      now,
      probeUrl: 'http://h',
      probes: [probe('reachable', 200), probe('reachable', 200), probe('reachable', 200), probe('internal-only', 403), probe('absent', 404), undefined],
    });
    expect(exposureReportSchema.parse(out.report)).toEqual(out.report);
    expect(out.report.endpoints.map((e) => [e.name, e.allowListed, e.allowEntry?.id, e.probe?.verdict])).toEqual([
      ['SecurityUtils.Report', true, 'platform.csp', 'reachable'],
      ['Orders.PartnerService', true, 'partners', 'reachable'],
      ['Orders.Legacy', false, undefined, 'reachable'],
      ['Orders.Internal', false, undefined, 'internal-only'],
      ['Orders.Gone', false, undefined, 'absent'],
      ['Orders.Main.Home.DataActionGet', false, undefined, undefined],
    ]);
    expect(out.report.endpoints[0]?.allowEntry?.justification).toBe('public by design for partners');
    expect(out.findings.map((f) => f.name)).toEqual(['Orders.Legacy']);
    expect(out.report.allowList).toEqual({ unused: [{ id: 'nothing', file: 'mine.yml' }], expired: [{ id: 'old', file: 'mine.yml', expires: '2020-01-01' }] });
    expect(out.warnings).toEqual([
      'mine.yml:7: allow-list entry "old" expired on 2020-01-01 and allows nothing',
      'mine.yml:12: allow-list entry "nothing" (Nope.*) matched no endpoint',
      'Orders.Main.Home.DataActionGet: screen service open to Anonymous (App/Orders/x.asmx)',
    ]);
  });
  it('without a probe nothing is a finding and nothing gets a probe field', () => {
    const out = evaluateExposure({ endpoints: [ep('Orders.Internal')], allowList: list, now });
    expect(out.findings).toEqual([]);
    expect(out.report.endpoints[0]).not.toHaveProperty('probe');
    expect(out.report).not.toHaveProperty('probeUrl');
  });
  it('with a baseline, marks endpoints not in it as new', () => {
    const out = evaluateExposure({ endpoints: [ep('Orders.A'), ep('Orders.B')], allowList: list, now, baselineNames: new Set(['Orders.A']) });
    expect(out.report.endpoints.map((e) => [e.name, e.new])).toEqual([
      ['Orders.A', false],
      ['Orders.B', true],
    ]);
    expect(evaluateExposure({ endpoints: [ep('Orders.A')], allowList: list, now }).report.endpoints[0]).not.toHaveProperty('new');
  });
});
