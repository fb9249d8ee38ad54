import { describe, expect, it } from 'vitest';
import { targetArtifacts } from '../../src/merge/target-artifacts.js';
import type { TargetRecord } from '../../src/model/run-record.js';
import { sourceOf } from '../../src/pipeline/sources.js';

const extraction = { files: 3, bytes: 30, durationMs: 1 };
const pkg = { kind: 'app-zip' as const, path: '/in/Shop.zip', sha256: 'p'.repeat(64), bytes: 900 };
const fromPackage = (module: string, sha: string, bytes: number): TargetRecord => ({
  id: `Shop/${module}`,
  application: 'Shop',
  module,
  source: sourceOf({ ...pkg, archive: { name: `${module}.v3.zip`, sha256: sha, bytes } }),
  extraction,
  status: 'ok',
});

describe('sourceOf', () => {
  it("gives a module from inside a package its archive's hash and size, the package's beside them", () => {
    expect(sourceOf({ ...pkg, archive: { name: 'Core.v3.zip', sha256: 'c'.repeat(64), bytes: 400 } })).toEqual({
      kind: 'app-zip',
      path: '/in/Shop.zip',
      sha256: 'c'.repeat(64),
      bytes: 400,
      archive: 'Core.v3.zip',
      package: { sha256: 'p'.repeat(64), bytes: 900 },
    });
  });
  it("keeps the input's hash for a module ZIP and gives a folder none", () => {
    expect(sourceOf({ kind: 'module-zip', path: 'Core.zip', sha256: 'c'.repeat(64), bytes: 4 })).toEqual({ kind: 'module-zip', path: 'Core.zip', sha256: 'c'.repeat(64), bytes: 4 });
    expect(sourceOf({ kind: 'folder', path: 'src/Core' })).toEqual({ kind: 'folder', path: 'src/Core' });
  });
});

describe('targetArtifacts', () => {
  it('lists each module archive with its own hash, nested in one package artifact', () => {
    const a = targetArtifacts([fromPackage('Core', 'c'.repeat(64), 400), fromPackage('UI', 'u'.repeat(64), 300)], 2);
    expect(a).toHaveLength(3);
    expect(a[0]).toMatchObject({ location: { uri: 'Shop.zip' }, length: 900, hashes: { 'sha-256': 'p'.repeat(64) }, roles: ['analysisTarget'] });
    expect(a[1]).toMatchObject({ location: { uri: 'Core.v3.zip' }, parentIndex: 2, length: 400, hashes: { 'sha-256': 'c'.repeat(64) }, roles: ['analysisTarget'], properties: { 'ossast/target': 'Shop/Core', 'ossast/status': 'ok' } });
    expect(a[2]).toMatchObject({ location: { uri: 'UI.v3.zip' }, parentIndex: 2, hashes: { 'sha-256': 'u'.repeat(64) } });
  });
  it('lists a folder target as its extracted directory, and leaves out targets never extracted', () => {
    const folder: TargetRecord = { id: 'My App/Core', module: 'Core', source: { kind: 'folder', path: '/src' }, extraction, status: 'ok' };
    const failed: TargetRecord = { id: 'Billing', source: { kind: 'lifetime', path: 'https://lt' }, status: 'failed', error: 'retrieve: 403' };
    expect(targetArtifacts([folder, failed])).toEqual([
      {
        location: { uri: 'My%20App/Core/', uriBaseId: 'SRCROOT' },
        roles: ['analysisTarget', 'directory'],
        description: { text: 'Module Core (folder), copied from a folder' },
        properties: { 'ossast/target': 'My App/Core', 'ossast/status': 'ok', 'ossast/module': 'Core' },
      },
    ]);
  });
});
