// The bundle end to end in-process: written over an output folder, accepted as written, and rejected after any byte of
// any subject changes, with another key, with a changed payload, or with a subject that names a file outside the folder.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, hash, verify } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { predicateOf, writeEvidence } from '../../src/evidence/bundle.js';
import { keyIdOf } from '../../src/evidence/keys.js';
import { verifyBundle } from '../../src/evidence/verify.js';
import { signEnvelope } from '../../src/evidence/dsse.js';
import { buildStatement, EVIDENCE_FILE, PAYLOAD_TYPE, PREDICATE_TYPE } from '../../src/evidence/statement.js';
import { UsageError } from '../../src/util/errors.js';

const root = tempDir();
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { privateKey, keyid: keyIdOf(publicKey) };
const otherKey = generateKeyPairSync('ed25519').publicKey;

const FILES: Record<string, Buffer> = {
  'results.sarif': Buffer.from('{"version":"2.1.0","runs":[]}\n'),
  'manifest.json': Buffer.from('{"kind":"ossast-audit-manifest"}\n'),
  'summary.md': Buffer.from('# ossast\n\nPASSED\n'),
  'github/results-1.sarif': Buffer.from('{"runs":[1]}'),
  'downloads/Shop.zip': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 4, 5, 6, 7, 0xff]),
};
const source = {
  ossastVersion: '0.1.0',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:01:00.000Z',
  config: { path: 'ossast.yml', sha256: 'a'.repeat(64) },
  targets: [{ id: 'Shop/ShopCore', status: 'ok' as const, source: { kind: 'lifetime', path: '', sha256: hash('sha256', FILES['downloads/Shop.zip']!, 'hex'), bytes: 13 } }],
  scanners: [
    { name: 'semgrep', toolName: 'Semgrep OSS', version: '1.2.3', commandLine: 'semgrep', exitCode: 0, executionSuccessful: true, startedAt: '', finishedAt: '', rules: [{ path: 'rules/csharp.yml', sha256: 'b'.repeat(64) }], skipped: [] },
  ],
  suppressions: { files: [{ path: 'config/suppressions/outsystems-generated.yml', sha256: 'c'.repeat(64), builtin: true }], entries: [] },
  exposure: { allowLists: [{ path: 'config/exposure/platform-allow.yml', sha256: 'd'.repeat(64), builtin: true }] },
  provenance: { environment: { key: 'env-1' } },
};

let n = 0;
/** A fresh output folder holding FILES and a bundle signed over them. */
async function signedFolder(): Promise<string> {
  const out = join(root, `out-${n++}`);
  for (const [name, bytes] of Object.entries(FILES)) {
    mkdirSync(join(out, name, '..'), { recursive: true });
    writeFileSync(join(out, name), bytes);
  }
  const src = { ...source, targets: source.targets.map((t) => ({ ...t, source: { ...t.source, path: join(out, 'downloads/Shop.zip') } })) };
  const predicate = predicateOf(src, { exitCode: 1, summary: 'FAILED: 1 error', partial: false, gated: true }, 'run', out, '2026-01-01T00:01:00.000Z');
  await writeEvidence(out, ['results.sarif', 'manifest.json', 'summary.md', 'github/results-1.sarif', '-'], predicate, key);
  return out;
}

const base = await signedFolder();
const envelopeOf = (out: string) => JSON.parse(readFileSync(join(out, EVIDENCE_FILE), 'utf8'));
const statementOf = (out: string) => JSON.parse(Buffer.from(envelopeOf(out).payload, 'base64').toString('utf8'));

describe('evidence bundle', () => {
  it('is a DSSE envelope over an in-toto Statement v1 naming every output file and the downloaded package', async () => {
    const env = envelopeOf(base);
    expect(env.payloadType).toBe(PAYLOAD_TYPE);
    expect(env.signatures).toEqual([{ keyid: keyIdOf(publicKey), sig: expect.any(String) }]);
    const st = statementOf(base);
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe(PREDICATE_TYPE);
    expect(st.subject).toEqual(
      Object.keys(FILES)
        .sort()
        .map((name) => ({ name, digest: { sha256: hash('sha256', FILES[name]!, 'hex') } })),
    );
    expect(st.predicate).toMatchObject({
      verdict: 'fail',
      exitCode: 1,
      command: 'run',
      scanners: [{ name: 'semgrep', toolName: 'Semgrep OSS', version: '1.2.3' }],
      rulePacks: [{ path: 'rules/csharp.yml', sha256: 'b'.repeat(64) }],
      suppressions: [{ builtin: true }],
      allowLists: [{ kind: 'exposure' }],
      config: { path: 'ossast.yml' },
      packages: [{ name: 'downloads/Shop.zip', subject: true, origin: 'lifetime' }],
      provenance: { environment: { key: 'env-1' } },
      startedAt: source.startedAt,
      finishedAt: source.finishedAt,
    });
  });

  it('verifies as written; an independent check of the signature over PAE agrees', async () => {
    expect(await verifyBundle(base, publicKey)).toMatchObject({ ok: true, problems: [], verified: Object.keys(FILES).sort() });
    const env = envelopeOf(base);
    const body = Buffer.from(env.payload, 'base64');
    const paeHere = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(env.payloadType)} ${env.payloadType} ${body.length} `), body]);
    expect(verify(null, paeHere, publicKey, Buffer.from(env.signatures[0].sig, 'base64'))).toBe(true);
  });

  // Every subject, its first, middle and last byte.
  const variants = Object.keys(FILES).flatMap((name) => (['first', 'middle', 'last'] as const).map((at) => ({ name, at })));
  it.each(variants)('rejects a change of the $at byte of $name, naming it alone', async ({ name, at }) => {
    const out = join(root, `v-${n++}`);
    cpSync(base, out, { recursive: true });
    const bytes = readFileSync(join(out, name));
    const i = at === 'first' ? 0 : at === 'last' ? bytes.length - 1 : Math.floor(bytes.length / 2);
    bytes[i] = bytes[i]! ^ 0x01;
    writeFileSync(join(out, name), bytes);
    const r = await verifyBundle(out, publicKey);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^"${name.replace('.', '\\.')}": differs \\(SHA-256 [0-9a-f]{64}, signed [0-9a-f]{64}\\)$`))]);
    expect(r.verified).toHaveLength(Object.keys(FILES).length - 1);
  });

  it('rejects a missing subject and a subject replaced by a symlink to an identical copy outside', async () => {
    const out = join(root, `m-${n++}`);
    cpSync(base, out, { recursive: true });
    writeFileSync(join(root, 'outside-summary.md'), FILES['summary.md']!);
    const { rmSync } = await import('node:fs');
    rmSync(join(out, 'manifest.json'));
    rmSync(join(out, 'summary.md'));
    symlinkSync(join(root, 'outside-summary.md'), join(out, 'summary.md'));
    const r = await verifyBundle(out, publicKey);
    expect(r.problems).toEqual(['"manifest.json": missing', expect.stringContaining('"summary.md": refused: summary.md is a symbolic link')]);
  });

  it('rejects a bundle signed with another key', async () => {
    const r = await verifyBundle(base, otherKey);
    expect(r).toMatchObject({ ok: false, verified: [] });
    expect(r.problems).toEqual([expect.stringContaining('bad signature')]);
  });

  it('rejects a changed payload (a subject digest made to fit a changed file) and a changed payload type', async () => {
    const out = join(root, `p-${n++}`);
    cpSync(base, out, { recursive: true });
    writeFileSync(join(out, 'summary.md'), '# ossast\n\nPASSED, really\n');
    const env = envelopeOf(out);
    const st = statementOf(out);
    st.subject.find((s: { name: string }) => s.name === 'summary.md').digest.sha256 = hash('sha256', readFileSync(join(out, 'summary.md')), 'hex');
    writeFileSync(join(out, EVIDENCE_FILE), JSON.stringify({ ...env, payload: Buffer.from(JSON.stringify(st)).toString('base64') }));
    expect((await verifyBundle(out, publicKey)).problems).toEqual([expect.stringContaining('bad signature')]);
    writeFileSync(join(out, EVIDENCE_FILE), JSON.stringify({ ...env, payloadType: 'application/json' }));
    expect((await verifyBundle(out, publicKey)).problems).toEqual([expect.stringContaining('bad signature')]);
    writeFileSync(join(out, EVIDENCE_FILE), '{"payload": 1}');
    expect((await verifyBundle(out, publicKey)).problems).toEqual([expect.stringContaining('not a DSSE envelope')]);
  });

  it('never reads outside the folder: a validly signed subject that escapes it is refused, though the file there matches', async () => {
    const out = join(root, `e-${n++}`);
    mkdirSync(out);
    const secret = Buffer.from('outside the output folder\n');
    writeFileSync(join(root, 'outside.txt'), secret);
    const sha256 = hash('sha256', secret, 'hex');
    const names = ['../outside.txt', `${root}/outside.txt`, 'a/../../outside.txt', '..\\outside.txt', 'C:/outside.txt', './outside.txt', 'a//b', ''];
    const predicate = predicateOf({ ...source, targets: [] }, { exitCode: 0, gated: true }, 'scan', out, 'now');
    const statement = buildStatement(
      names.map((name) => ({ name, sha256 })),
      predicate,
    );
    writeFileSync(join(out, EVIDENCE_FILE), JSON.stringify(signEnvelope(PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), privateKey, key.keyid)));
    const r = await verifyBundle(out, publicKey);
    expect(r.ok).toBe(false);
    expect(r.verified).toEqual([]);
    expect(r.problems).toHaveLength(names.length);
    for (const p of r.problems) expect(p).toMatch(/refused: .*; nothing outside the output folder is read$/);
  });

  it('refuses (exit 2) a folder with no bundle', async () => {
    const empty = join(root, `none-${n++}`);
    mkdirSync(empty);
    await expect(verifyBundle(empty, publicKey)).rejects.toThrow(UsageError);
    await expect(verifyBundle(empty, publicKey)).rejects.toThrow(`no evidence bundle to verify: ${join(empty, EVIDENCE_FILE)} does not exist`);
  });
});
