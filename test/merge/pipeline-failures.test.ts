import { describe, expect, it } from 'vitest';
import { addPipelineFailures } from '../../src/merge/pipeline-failures.js';
import { log, run } from '../support/sarif.js';
import type { TargetRecord } from '../../src/model/run-record.js';

const ok = (id: string, extra: Partial<TargetRecord> = {}): TargetRecord => ({ id, source: { kind: 'lifetime', path: 'x.zip', sha256: 'f'.repeat(64), bytes: 10 }, status: 'ok', ...extra });

describe('target outcomes in the SARIF log', () => {
  it('adds a failed "ossast retrieve and extract" invocation to every run when a target failed', () => {
    const out = addPipelineFailures(log(run([]), run([], { tool: 'other' })), [ok('Shop/Core'), { id: 'Billing', source: { kind: 'lifetime', path: 'u' }, status: 'failed', error: 'retrieve: HTTP 403' }]);
    for (const r of out.runs) {
      const inv = r.invocations!.find((i) => i.commandLine === 'ossast retrieve and extract')!;
      expect(inv.executionSuccessful).toBe(false);
      expect(inv.toolExecutionNotifications![0]!.message.text).toBe('target Billing was not scanned: retrieve: HTTP 403');
      expect(r.properties!['ossast/targets']).toEqual([
        { id: 'Shop/Core', status: 'ok', sha256: 'f'.repeat(64), bytes: 10 },
        { id: 'Billing', status: 'failed', error: 'retrieve: HTTP 403' },
      ]);
    }
  });
  it('says when a module was fetched on its own because its application was over the size limit', () => {
    const out = addPipelineFailures(log(run([])), [ok('Shop/Core', { lifetime: { url: 'u', environment: { name: 'P', key: 'k' }, fallbackFrom: 'Shop' } })]);
    const inv = out.runs[0]!.invocations!.find((i) => i.commandLine === 'ossast retrieve and extract')!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications![0]).toMatchObject({ level: 'note', message: { text: "module Shop/Core was fetched on its own because application Shop was over LifeTime's package size limit" } });
  });
  it('creates a run of its own when nothing could be scanned', () => {
    const out = addPipelineFailures(log(), [{ id: 'Shop', source: { kind: 'lifetime', path: 'u' }, status: 'failed', error: 'retrieve: 401' }]);
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]!.tool.driver.name).toBe('ossast');
    expect(out.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
  });
  it('adds nothing but the target list when all went well', () => {
    const out = addPipelineFailures(log(run([])), [ok('A/B')]);
    expect(out.runs[0]!.invocations).toHaveLength(1);
  });
});
