// Joining shard manifests: shards that scanned other bytes of one module or package, or one module twice, are refused
// naming both shard files; exposure inventories join as a full run's (order, unused allow-list entries).
import { describe, expect, it } from 'vitest';
import { checkShards, joinManifests, SCOPE_NOT_BUILT, type ShardManifest } from '../../src/shard/join-manifests.js';
import { joinExposure } from '../../src/shard/join-exposure.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { Endpoint, ExposureReport } from '../../src/model/exposure.js';

const PLAN = 'a'.repeat(64);
const sha = (c: string) => c.repeat(64);

function target(id: string, moduleSha: string, packageSha = sha('p')): Manifest['targets'][number] {
  return {
    id,
    application: 'Factory',
    module: id.split('/')[1]!,
    status: 'ok',
    source: { kind: 'app-zip', path: 'Factory.zip', sha256: moduleSha, bytes: 10, archive: `${id.split('/')[1]}.v1.zip`, package: { sha256: packageSha, bytes: 100 } },
  };
}

function shard(index: number, targets: Manifest['targets']): ShardManifest {
  const manifest: Manifest = {
    kind: 'ossast-audit-manifest',
    manifestVersion: 1,
    ossastVersion: '0.1.0',
    generatedAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    targets,
    scanners: [],
    suppressions: { files: [], entries: [] },
    shard: { index, total: 2, plan: PLAN, targets: targets.map((t) => t.id) },
    results: { sarif: 'results.sarif', total: 0, suppressed: 0, byLevel: { error: 0, warning: 0, note: 0 } },
    gate: { exitCode: 0, failOn: 'error', newOnly: false, max: 0, partial: false, failures: [], summary: 'PASSED' },
  };
  return { file: `shard-${index}/manifest.json`, path: `/ci/shard-${index}/manifest.json`, sha256: sha(String(index)), manifest, seal: 'none' };
}

/** A consistent provenance record of one LifeTime target. */
function provenance(target: string): NonNullable<Manifest['provenance']>[number] {
  const read = { readAt: '2026-01-01T00:00:00.000Z', environment: { key: 'env-prod', name: 'Production' }, modules: [{ key: `mod-${target}`, name: target, moduleVersionKey: 'v1' }] };
  return { target, before: read, after: read, consistent: true, changes: [] };
}

describe('provenance and scope of joined shards', () => {
  it("joins every shard's provenance, one entry per target, sorted (never the first shard's alone)", () => {
    const a = shard(1, [target('Factory/B', sha('1'))]);
    const b = shard(2, [target('Factory/A', sha('2'))]);
    a.manifest.provenance = [provenance('Zeta')];
    b.manifest.provenance = [provenance('Alpha'), provenance('Mid')];
    const { manifest } = joinManifests([b, a], new Date('2026-01-02T00:00:00.000Z'));
    expect(manifest.provenance!.map((p) => p.target)).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(manifest.provenance![2]).toEqual(a.manifest.provenance[0]);
  });

  it("builds no ledger from a shard's part: the joined manifest has no scope and says why, per shard", () => {
    const a = shard(1, [target('Factory/A', sha('1'))]);
    const b = shard(2, [target('Factory/B', sha('2'))]);
    a.manifest.provenance = [provenance('Factory')];
    // A shard's own ledger compares the whole listing with its part only: it must not become the joined one.
    b.manifest.scope = { applications: [], extensionsNote: 'extensions are not included' };
    const { manifest, joined } = joinManifests([a, b], new Date('2026-01-02T00:00:00.000Z'));
    expect(manifest.scope).toBeUndefined();
    expect(joined.scope).toEqual({
      ledger: 'not-built',
      reason: SCOPE_NOT_BUILT,
      shards: [
        { index: 1, provenanceTargets: ['Factory'], ledger: false },
        { index: 2, provenanceTargets: [], ledger: true },
      ],
    });
    expect(manifest.joined).toEqual(joined);
  });

  it('says nothing of provenance or scope for shards without LifeTime targets', () => {
    const { manifest, joined } = joinManifests([shard(1, [target('Factory/A', sha('1'))]), shard(2, [target('Factory/B', sha('2'))])], new Date('2026-01-02T00:00:00.000Z'));
    expect(manifest.provenance).toBeUndefined();
    expect(joined.scope).toBeUndefined();
  });

  it('refuses the provenance of one target in two shards, naming both', () => {
    const a = shard(1, [target('Factory/A', sha('1'))]);
    const b = shard(2, [target('Factory/B', sha('2'))]);
    a.manifest.provenance = [provenance('Factory')];
    b.manifest.provenance = [provenance('Factory')];
    expect(() => checkShards([a, b])).toThrow('cannot join: the provenance of LifeTime target Factory is in two shards (shard-1/manifest.json and shard-2/manifest.json), so it was retrieved twice');
  });
});

describe('checkShards refuses shards that do not add up to one scan', () => {
  it('accepts two shards of one package', () => {
    expect(checkShards([shard(1, [target('Factory/A', sha('1'))]), shard(2, [target('Factory/B', sha('2'))])])).toEqual({ plan: PLAN, total: 2 });
  });

  it('one module with another SHA-256 in each shard: both shard files named', () => {
    expect(() => checkShards([shard(1, [target('Factory/A', sha('1'))]), shard(2, [target('Factory/A', sha('2'))])])).toThrow(
      `cannot join: the shards scanned different bytes of module Factory/A: shard-1/manifest.json has SHA-256 ${sha('1')}, shard-2/manifest.json has ${sha('2')}`,
    );
  });

  it('one module scanned by two shards (same bytes): its findings would count twice', () => {
    expect(() => checkShards([shard(1, [target('Factory/A', sha('1'))]), shard(2, [target('Factory/A', sha('1'))])])).toThrow(
      'cannot join: module Factory/A is in two shards (shard-1/manifest.json and shard-2/manifest.json), so its findings would count twice',
    );
  });

  it('the package changed between shard jobs: both shard files named', () => {
    expect(() => checkShards([shard(1, [target('Factory/A', sha('1'), sha('p'))]), shard(2, [target('Factory/B', sha('2'), sha('q'))])])).toThrow(
      `cannot join: the shards scanned different versions of the package of Factory (Factory.zip): shard-1/manifest.json has SHA-256 ${sha('p')}, shard-2/manifest.json has ${sha('q')}`,
    );
  });

  it('shards that ran other rules', () => {
    const a = shard(1, [target('Factory/A', sha('1'))]);
    const b = shard(2, [target('Factory/B', sha('2'))]);
    const scanner = (ruleSha: string): Manifest['scanners'][number] => ({
      name: 'semgrep',
      commandLine: 'semgrep',
      exitCode: 0,
      executionSuccessful: true,
      startedAt: '',
      finishedAt: '',
      rules: [{ path: 'rules.yml', sha256: ruleSha }],
      skipped: [],
    });
    a.manifest.scanners = [scanner(sha('r'))];
    b.manifest.scanners = [scanner(sha('s'))];
    expect(() => checkShards([a, b])).toThrow(/cannot join: the shards ran with different rules \(shard-1\/manifest.json: semgrep: rules.yml rrrrrrrrrrrr; shard-2\/manifest.json: semgrep: rules.yml ssssssssssss\)/);
  });
});

describe('joinExposure', () => {
  const endpoint = (module: string, name: string, allowEntry?: string): Endpoint => ({
    name: `${module}.${name}`,
    module,
    target: `Factory/${module}`,
    kind: 'soap',
    path: `/${module}/${name}.asmx`,
    file: `Factory/${module}/${name}.asmx`,
    platform: false,
    internalOnly: 'unknown',
    allowListed: allowEntry !== undefined,
    ...(allowEntry ? { allowEntry: { id: allowEntry, file: 'allow.yml', justification: 'reviewed by appsec' } } : {}),
  });
  const report = (endpoints: Endpoint[], unused: string[]): ExposureReport => ({
    kind: 'ossast-exposure',
    version: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    endpoints,
    allowList: { unused: unused.map((id) => ({ id, file: 'allow.yml' })), expired: [{ id: 'old', file: 'allow.yml', expires: '2020-01-01' }] },
  });

  it('endpoints in module order; an entry is unused only when no shard used it; expired entries once', () => {
    const joined = joinExposure([report([endpoint('M2', 'S'), endpoint('M3', 'S')], ['a', 'b', 'c']), report([endpoint('M1', 'S', 'b')], ['a', 'c'])], new Date('2026-02-02T00:00:00Z'));
    expect(joined.endpoints.map((e) => e.name)).toEqual(['M1.S', 'M2.S', 'M3.S']);
    expect(joined.allowList).toEqual({
      unused: [
        { id: 'a', file: 'allow.yml' },
        { id: 'c', file: 'allow.yml' },
      ],
      expired: [{ id: 'old', file: 'allow.yml', expires: '2020-01-01' }],
    });
    expect(joined.generatedAt).toBe('2026-02-02T00:00:00.000Z');
  });
});
