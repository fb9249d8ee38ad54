// End to end: `scan`, `run` (LifeTime simulator) and `merge` with --sign-key write a bundle that `ossast verify`
// accepts (exit 0) and rejects (exit 1) once a file changes or with another key; usage errors exit 2; the key is in no
// file written, no line printed and no scanner's environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, hash, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { writeShopPackage } from '../support/shop.js';
import { testCatalog } from '../support/lifetime.js';
import { simKey, startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const root = tempDir();
const keys = join(root, 'keys');
mkdirSync(keys);
const appZip = join(root, 'Shop.zip');
await writeShopPackage(appZip);

function writeKeyPair(name: string): { priv: string; pub: string; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = join(keys, `${name}.pem`);
  const pub = join(keys, `${name}.pub.pem`);
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub, privateKey };
}
const signer = writeKeyPair('signer');
const stranger = writeKeyPair('stranger');

/** Every form the private key could leak in: the PEM, its base64 body, the DER, the raw 32-byte seed in hex and base64. */
const secretForms = (() => {
  const pem = readFileSync(signer.priv, 'utf8');
  const body = pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const der = signer.privateKey.export({ type: 'pkcs8', format: 'der' });
  const seed = Buffer.from(signer.privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  expect(seed).toHaveLength(32);
  return [body, body.slice(0, 40), der.toString('hex'), seed.toString('hex'), seed.toString('base64').slice(0, 40), seed.toString('base64url').slice(0, 40)];
})();

/** Fails naming the file or stream that holds any form of the private key (the seed as bytes too). */
function expectNoKey(where: string, bytes: Buffer): void {
  const seed = Buffer.from(signer.privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  const text = bytes.toString('latin1');
  for (const s of secretForms) expect(text.includes(s), `${where} holds the private key`).toBe(false);
  expect(bytes.includes(seed), `${where} holds the raw private key`).toBe(false);
}
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}
const verifyCli = (out: string, key = signer.pub) => runCli(['verify', out, '--key', key], { cwd: root });

describe('ossast scan --sign-key, then ossast verify', () => {
  const out = join(root, 'scan-out');
  let scan: CliResult;
  // A command scanner that records its environment and arguments: the key must be in neither.
  const seen = join(root, 'scanner-saw.txt');
  const tool = writeScript(root, 'envdump.sh', `env > "${seen}"; echo "$@" >> "${seen}"; echo '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"envdump"}},"results":[]}]}' > "$2"`);
  const cfg = join(root, 'signed.yml');
  writeFileSync(cfg, `version: 1\nscanners:\n  - type: semgrep\n  - type: command\n    name: envdump\n    command: ["${tool}", "{src}", "{out}"]\n    coverage: unknown-accepted\n`);

  beforeAll(async () => {
    scan = await runCli(['scan', appZip, '--config', cfg, '--out', out, '--format', 'sarif,manifest,markdown,html,junit,console', '--sign-key', signer.priv], { cwd: root });
  });

  it('writes evidence.dsse.json beside the reports, and the run keeps its verdict', () => {
    expect(scan.code).toBe(1);
    expect(scan.stderr).toMatch(/signed 6 file\(s\) into .*evidence\.dsse\.json/);
    const env = JSON.parse(readFileSync(join(out, 'evidence.dsse.json'), 'utf8'));
    const st = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    expect(st.subject.map((s: { name: string }) => s.name)).toEqual(['exposure.json', 'junit.xml', 'manifest.json', 'report.html', 'results.sarif', 'summary.md']);
    expect(st.predicate).toMatchObject({ command: 'scan', verdict: 'fail', exitCode: 1, scanners: [{ name: 'semgrep', version: expect.any(String) }, { name: 'envdump' }] });
    expect(st.predicate.rulePacks.length).toBeGreaterThan(0);
    expect(st.predicate.controlsMapping).toEqual({ path: 'ossast:config/controls.yml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(st.predicate.config).toEqual({ path: cfg, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(st.predicate.packages).toEqual([{ name: appZip, origin: 'app-zip', sha256: hash('sha256', readFileSync(appZip), 'hex'), bytes: statSync(appZip).size, subject: false }]);
  });

  it('is accepted by verify (exit 0), which prints the verdict', async () => {
    const r = await verifyCli(out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verified: signature good, 6 file(s) as signed');
    expect(r.stdout).toMatch(/verdict fail \(exit 1\): FAILED/);
  });

  it('is rejected (exit 1) with another key', async () => {
    const r = await verifyCli(out, stranger.pub);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED evidence.dsse.json: bad signature');
  });

  it('never holds the key: not in any file under the output folder, not on stdout or stderr, not in a scanner environment', async () => {
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expectNoKey(f, readFileSync(f));
    expectNoKey('scan stdout', Buffer.from(scan.stdout));
    expectNoKey('scan stderr', Buffer.from(scan.stderr));
    expect(existsSync(seen)).toBe(true);
    expectNoKey('the scanner environment and arguments', readFileSync(seen));
    const v = await verifyCli(out);
    expectNoKey('verify output', Buffer.from(v.stdout + v.stderr));
  });

  it('is rejected (exit 1) once a report changes, naming it', async () => {
    const path = join(out, 'summary.md');
    const before = readFileSync(path);
    writeFileSync(path, Buffer.concat([before, Buffer.from(' ')]));
    const r = await verifyCli(out);
    writeFileSync(path, before);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED "summary\.md": differs/m);
    expect(r.stdout).toContain('NOT VERIFIED: 1 problem(s)');
  });
});

describe('usage errors (exit 2)', () => {
  const signed = join(root, 'usage-out');
  it.each([
    ['no --key', ['verify', signed], 'verify needs --key FILE'],
    ['a missing key file', ['verify', signed, '--key', join(keys, 'nope.pem')], `--key ${join(keys, 'nope.pem')}: ${join(keys, 'nope.pem')} does not exist`],
    ['a private key given to verify', ['verify', signed, '--key', signer.priv], 'this is a private key; verify with the public key'],
    ['a folder with no bundle', ['verify', keys, '--key', signer.pub], 'no evidence bundle to verify'],
  ])('verify with %s', async (_what, args, message) => {
    const r = await runCli(args, { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses an RSA key, an encrypted key, a file that is no key, and a key that would be scanned or written', async () => {
    const rsa = join(keys, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const enc = join(keys, 'enc.pem');
    writeFileSync(enc, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }));
    const junk = join(keys, 'junk.pem');
    writeFileSync(junk, 'not a key\n');
    const srcDir = join(root, 'srcdir');
    mkdirSync(srcDir, { recursive: true });
    writeFileSync(join(srcDir, 'key.pem'), readFileSync(signer.priv));
    const cases: [string[], string][] = [
      [['scan', appZip, '--out', join(root, 'u1'), '--sign-key', rsa], 'expected an Ed25519 private key, received a rsa key'],
      [['scan', appZip, '--out', join(root, 'u2'), '--sign-key', enc], 'the private key is encrypted'],
      [['scan', appZip, '--out', join(root, 'u3'), '--sign-key', junk], 'not a PEM private key'],
      [['scan', srcDir, '--out', join(root, 'u4'), '--sign-key', join(srcDir, 'key.pem')], `which is scanned: a scanner would read it`],
      [['scan', appZip, '--out', srcDir, '--sign-key', join(srcDir, 'key.pem')], 'the key lies in the output folder'],
      [['verify', signed, '--key', rsa], 'this is a private key'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { cwd: root });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expectNoKey(args.join(' '), Buffer.from(r.stdout + r.stderr));
    }
    expect(existsSync(join(root, 'u1'))).toBe(false);
  });
});

describe('ossast run --sign-key with LifeTime: the downloaded packages are subjects', () => {
  const TOKEN = 'e2e-token-evidence-41f0';
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLifetimeSimulator({ catalog: await testCatalog(root), token: TOKEN, packagingPolls: 0 });
  });
  afterAll(async () => sim.close());

  it('signs the reports and the package ZIP; verify accepts it, and rejects a changed byte in the package', async () => {
    const out = join(root, 'run-out');
    const r = await runCli(['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--out', out, '--format', 'sarif,manifest', '--sign-key', signer.priv], { env: { LIFETIME_TOKEN: TOKEN }, cwd: root });
    expect(r.code).toBe(1);
    const st = JSON.parse(Buffer.from(JSON.parse(readFileSync(join(out, 'evidence.dsse.json'), 'utf8')).payload, 'base64').toString('utf8'));
    const pkg = st.subject.find((s: { name: string }) => s.name.startsWith('downloads/'));
    expect(pkg).toEqual({ name: expect.stringMatching(/^downloads\/[^/]+\.zip$/), digest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(st.predicate.packages).toEqual([expect.objectContaining({ name: pkg.name, sha256: pkg.digest.sha256, origin: 'lifetime', subject: true })]);
    expect(readFileSync(join(out, 'evidence.dsse.json'), 'utf8')).not.toContain(TOKEN);
    expect((await verifyCli(out)).code).toBe(0);
    const zip = join(out, pkg.name);
    const bytes = readFileSync(zip);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(zip, bytes);
    const bad = await verifyCli(out);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAILED "${pkg.name}": differs`);
  });
});

describe('ossast run --sign-key with LifeTime: the predicate holds the provenance and the scope allow-list', () => {
  const TOKEN = 'e2e-token-scope-7a2c';
  let sim: Simulator;
  beforeAll(async () => {
    // Shop also lists ShopAudit, which its package does not hold: the config accepts it, so the run is not failed for it.
    mkdirSync(join(root, 'scope-lt'));
    const catalog = await testCatalog(join(root, 'scope-lt'));
    const withAudit = { ...catalog, applications: catalog.applications.map((a) => (a.Name === 'Shop' ? { ...a, modules: [...a.modules, { Key: simKey('mod', 'ShopAudit'), Name: 'ShopAudit', Kind: 'eSpace' as const }] } : a)) };
    sim = await startLifetimeSimulator({ catalog: withAudit, token: TOKEN, packagingPolls: 0 });
  });
  afterAll(async () => sim.close());

  it('lists every acceptMissing entry with justification, owner, expiry and whether it was used, the config as the allow-list file, and the provenance as the manifest has it', async () => {
    const cfg = join(root, 'scope.yml');
    writeFileSync(
      cfg,
      [
        'version: 1',
        'lifetime:',
        `  url: ${sim.url}`,
        '  environment: Production',
        '  applications: [Shop]',
        '  pollIntervalSeconds: 0.05',
        'scope:',
        '  acceptMissing:',
        '    - { application: Shop, module: ShopAudit, justification: "retired, replaced by ShopCore audit", owner: jane.doe, expires: "2099-12-31" }',
        '    - { application: Billing, module: BillingOld, justification: decommissioned last quarter, owner: ops-team, expires: "2099-06-30" }',
        '',
      ].join('\n'),
    );
    const out = join(root, 'scope-out');
    const r = await runCli(['run', '--config', cfg, '--out', out, '--format', 'sarif,manifest', '--sign-key', signer.priv], { env: { LIFETIME_TOKEN: TOKEN }, cwd: root });
    expect(r.code, r.stderr).toBe(1);
    const st = JSON.parse(Buffer.from(JSON.parse(readFileSync(join(out, 'evidence.dsse.json'), 'utf8')).payload, 'base64').toString('utf8'));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const cfgSha = hash('sha256', readFileSync(cfg), 'hex');
    expect(st.predicate.scopeAllowList).toEqual({
      file: { path: cfg, sha256: cfgSha },
      entries: [
        { application: 'Shop', module: 'ShopAudit', justification: 'retired, replaced by ShopCore audit', owner: 'jane.doe', expires: '2099-12-31', used: true },
        { application: 'Billing', module: 'BillingOld', justification: 'decommissioned last quarter', owner: 'ops-team', expires: '2099-06-30', used: false },
      ],
    });
    expect(st.predicate.allowLists).toContainEqual({ path: cfg, sha256: cfgSha, builtin: false, kind: 'scope' });
    expect(manifest.scope.applications[0].modules).toContainEqual(expect.objectContaining({ name: 'ShopAudit', status: 'accepted' }));
    // The provenance signed is the manifest's: both reads of Shop, consistent, with the package downloaded.
    expect(manifest.provenance).toHaveLength(1);
    expect(st.predicate.provenance).toEqual(manifest.provenance);
    expect(st.predicate.provenance[0]).toMatchObject({ target: 'Shop', consistent: true, package: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(st.predicate.provenance[0].before.modules.map((m: { name: string }) => m.name)).toEqual(['ShopAudit', 'ShopCore', 'ShopExt', 'ShopUI']);
    expect((await verifyCli(out)).code).toBe(0);
  });
});

describe('ossast merge --sign-key', () => {
  it('signs the merged log beside it; verify accepts it', async () => {
    const log = join(root, 'plain.sarif');
    writeFileSync(log, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'othertool', rules: [] } }, results: [] }] }));
    const out = join(root, 'merged');
    const r = await runCli(['merge', log, '--output', join(out, 'results.sarif'), '--sign-key', signer.priv], { cwd: root });
    expect(r.code).toBe(0);
    const st = JSON.parse(Buffer.from(JSON.parse(readFileSync(join(out, 'evidence.dsse.json'), 'utf8')).payload, 'base64').toString('utf8'));
    expect(st.subject.map((s: { name: string }) => s.name)).toEqual(['results.sarif']);
    expect(st.predicate).toMatchObject({ command: 'merge', verdict: 'not-gated', scanners: [{ name: 'othertool' }] });
    expect((await verifyCli(out)).code).toBe(0);
  });
});
