// The scope ledger as a pure function: listed modules against scanned target records, the allow-list, coverage.
import { describe, expect, it } from 'vitest';
import { scopeLedger } from '../../src/retrieve/scope.js';
import type { TargetRecord } from '../../src/model/run-record.js';

const listing = {
  application: 'Shop',
  key: 'app-1',
  environment: 'Production',
  modules: [
    { name: 'Core', key: 'm1', kind: 'eSpace' },
    { name: 'UI', key: 'm2', kind: 'eSpace' },
    { name: 'Audit', key: 'm3', kind: 'eSpace' },
    { name: 'Pdf', key: 'm4', kind: 'Extension' },
  ],
};
const target = (module: string, over: Partial<TargetRecord> = {}): TargetRecord => ({
  id: `Shop/${module}`,
  application: 'shop',
  module,
  status: 'ok',
  source: { kind: 'lifetime', path: 'x.zip' },
  scan: { files: 10, scannedBy: { semgrep: 10 } },
  ...over,
});

describe('scopeLedger', () => {
  it('names missing, extension, fallback and unlisted modules, with a coverage figure', () => {
    const { scope, failures } = scopeLedger(
      [listing],
      [
        target('Core', { scan: { files: 10, scannedBy: { semgrep: 9 }, skipped: ['Core/big.js'] } }),
        target('UI', { lifetime: { url: 'u', environment: { name: 'Production', key: 'e' }, fallbackFrom: 'Shop' } }),
        target('Stray'),
        target('Audit', { status: 'failed' }),
      ],
      [],
    );
    expect(failures).toEqual(['application Shop: module Audit is listed by LifeTime in Production but was not scanned']);
    const [shop] = scope.applications;
    expect(shop!.modules.map((m) => [m.name, m.status, m.via, m.files, m.notFullyAnalysed])).toEqual([
      ['Core', 'scanned', 'package', 10, 1],
      ['UI', 'scanned', 'fallback', 10, 0],
      ['Audit', 'missing', undefined, undefined, undefined],
      ['Pdf', 'extension', undefined, undefined, undefined],
    ]);
    expect(shop!.unlisted).toEqual(['Stray']);
    expect(shop!.skipped).toEqual([{ module: 'Core', path: 'Core/big.js' }]);
    // 2 of 3 eSpaces scanned, 19 of 20 files fully analysed: 2/3 × 19/20 = 63.3 %.
    expect(shop!.coverage).toEqual({ modulesListed: 3, modulesScanned: 2, files: 20, filesFullyAnalysed: 19, percent: 63.3 });
    expect(scope.extensionsNote).toContain("OutSystems' source code access API gives no extension code");
  });

  it('an allow-list entry (names case-insensitive) accepts a missing module and keeps who and until when', () => {
    const entry = { application: 'SHOP', module: 'audit', justification: 'Retired next release', owner: 'appsec', expires: '2999-01-01' };
    const { scope, failures } = scopeLedger([listing], [target('Core'), target('UI')], [entry]);
    expect(failures).toEqual([]);
    expect(scope.applications[0]!.modules[2]).toEqual({ name: 'Audit', key: 'm3', kind: 'eSpace', status: 'accepted', acceptedBy: { justification: 'Retired next release', owner: 'appsec', expires: '2999-01-01' } });
  });
});
