// A ReportInput for reporter tests: a merged-shaped log plus the run record and gate result that go with it.
import type { Log } from 'sarif';
import type { ReportInput } from '../../src/report/types.js';
import type { RunRecord } from '../../src/model/run-record.js';
import { evaluateGate } from '../../src/gate/index.js';
import { log, run, type R } from './sarif.js';

export function record(): RunRecord {
  return {
    ossastVersion: '0.1.0',
    config: { path: 'ossast.yml', sha256: 'c'.repeat(64) },
    startedAt: '2026-11-22T10:00:00.000Z',
    finishedAt: '2026-11-22T10:01:00.000Z',
    targets: [
      {
        id: 'Shop/Core',
        application: 'Shop',
        module: 'Core',
        source: { kind: 'lifetime', path: 'app-Shop.zip', sha256: 'a'.repeat(64), bytes: 1234 },
        lifetime: { url: 'https://lt.example.com', environment: { name: 'Production', key: 'env-1' }, application: { name: 'Shop', key: 'app-1' }, packageKey: 'pkg-1' },
        status: 'ok',
      },
      { id: 'Billing', source: { kind: 'lifetime', path: 'https://lt.example.com' }, status: 'failed', error: 'retrieve: packaging failed' },
    ],
    scanners: [
      {
        name: 'semgrep',
        toolName: 'Semgrep OSS',
        version: '1.180.0',
        commandLine: 'semgrep scan --metrics=off',
        exitCode: 0,
        executionSuccessful: true,
        startedAt: 'a',
        finishedAt: 'b',
        rules: [{ path: 'ossast:scanners/semgrep/rules/csharp.yml', sha256: 'd'.repeat(64) }],
        skipped: [{ path: 'Shop/Core/big.js', reason: 'exceeded_size_limit' }],
      },
    ],
    suppressions: { files: [{ path: 'ossast:config/suppressions/outsystems-generated.yml', sha256: 'e'.repeat(64), builtin: true }], entries: [{ id: 'os-platform-js-eval', file: 'builtin', matched: 1, state: 'applied' }] },
    partial: false,
  };
}

export const accepted = [
  {
    kind: 'external' as const,
    status: 'accepted' as const,
    justification: 'Platform runtime evaluates code by design',
    guid: '00000000-0000-5000-8000-000000000000',
    properties: { 'ossast/entry': 'os-platform-js-eval', owner: 'appsec', expires: '2027-06-30' },
  },
];

export function reportInput(results: R[], extra: Partial<ReportInput> = {}, l?: Log): ReportInput {
  const theLog = l ?? log(run(results, { rules: { 'x.sql': ['CWE-89: SQL Injection'], 'x.eval': ['CWE-95: Eval'] } }));
  for (const r of theLog.runs.flatMap((x) => x.results ?? [])) r.suppressions ??= [];
  return {
    log: theLog,
    record: record(),
    gate: evaluateGate(theLog, { failOn: 'error', newOnly: false, max: 0, allowPartial: false }),
    tty: false,
    columns: 80,
    now: new Date('2026-11-22T10:01:00Z'),
    sarifProfile: 'full',
    githubIncludeSuppressed: false,
    ...extra,
  };
}
