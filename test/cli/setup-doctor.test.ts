// `ossast setup` when pip cannot reach an index, and `ossast doctor`: what it reports, and its exit code when something
// is missing. The real install by `ossast setup` is run by test/package/install.e2e.test.ts, from the packed package.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { pinnedSemgrep, requirementsFile } from '../../src/scan/semgrep/version.js';

const root = tempDir('ossast-doctor-');
const home = join(root, 'home');
const base = { OSSAST_HOME: home, NO_COLOR: '1', HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '', NO_PROXY: '', no_proxy: '', NODE_EXTRA_CA_CERTS: '' };

// A LifeTime stand-in over TLS with a self-signed certificate for 127.0.0.1 (made by openssl for this run).
execFileSync(
  'openssl',
  ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(root, 'key.pem'), '-out', join(root, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  { stdio: 'ignore' },
);
const seen: { authorization?: string | undefined }[] = [];
const server = createServer({ key: readFileSync(join(root, 'key.pem')), cert: readFileSync(join(root, 'cert.pem')) }, (req, res) => {
  seen.push({ authorization: req.headers.authorization });
  res.writeHead(401, { 'content-type': 'application/json' }).end('{"Errors":["no token"]}');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const lifetime = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => server.close());

const lines = (out: string) => out.split('\n').filter(Boolean);
const line = (out: string, what: string) => lines(out).find((l) => l.slice(6).startsWith(what)) ?? `(no ${what} line in:\n${out})`;

describe('ossast doctor', () => {
  it('says what ossast will use and exits 0 when everything is there', async () => {
    const r = await runCli(['doctor', '--out', join(root, 'out')], { env: base, cwd: root });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(line(r.stdout, 'Node.js')).toMatch(new RegExp(`^ok +Node.js +${process.version.replaceAll('.', '\\.')} \\(`));
    expect(line(r.stdout, 'scanner semgrep')).toMatch(new RegExp(`^ok +scanner semgrep +Semgrep ${pinnedSemgrep().replaceAll('.', '\\.')} at .*\\.venv/bin/semgrep \\(from ossast's own \\.venv\\)`));
    expect(line(r.stdout, 'tools folder')).toContain(`${home} (not yet made;`);
    expect(line(r.stdout, 'output folder')).toMatch(/^ok .*writable/);
    expect(line(r.stdout, 'proxy')).toMatch(/^ok +proxy +HTTPS none, HTTP none, NO_PROXY none$/);
    expect(r.stderr).toContain('doctor: ossast can run here');
  });

  it('fails (exit 3) naming what is missing and what to do', async () => {
    const cfg = join(root, 'missing.yml');
    writeFileSync(cfg, `version: 1\nscanners:\n  - type: semgrep\n    executable: ${join(root, 'nowhere', 'semgrep')}\noutput:\n  dir: ${join(root, 'file-not-folder', 'out')}\n`);
    writeFileSync(join(root, 'file-not-folder'), 'x');
    const r = await runCli(['doctor', '--config', cfg], { env: base, cwd: root });
    expect(r.code).toBe(3);
    expect(line(r.stdout, 'scanner semgrep')).toBe(`FAIL  scanner semgrep  no Semgrep found (looked for ${join(root, 'nowhere', 'semgrep')}, from scanners[].executable of "semgrep" in the config)`);
    expect(r.stdout).toContain(`→ run \`ossast setup\` (installs Semgrep ${pinnedSemgrep()} for ossast with pip)`);
    expect(line(r.stdout, 'output folder')).toMatch(/^FAIL .*file-not-folder is the nearest existing folder\): not a folder/);
    expect(r.stderr).toContain('doctor: 2 check(s) failed');
    // An unsupported Semgrep, and an OSSAST_SEMGREP that names nothing: FAIL each, with the variable named.
    const old = join(root, 'old');
    mkdirSync(old);
    writeFileSync(join(old, 'semgrep'), '#!/bin/sh\necho 1.20.0\n', { mode: 0o755 });
    const o = await runCli(['doctor'], { env: { ...base, OSSAST_SEMGREP: join(old, 'semgrep') }, cwd: root });
    expect(o.code).toBe(3);
    expect(line(o.stdout, 'scanner semgrep')).toMatch(/^FAIL +scanner semgrep +Semgrep 1\.20\.0 at .*\(from OSSAST_SEMGREP\); supported /);
    const bad = await runCli(['doctor'], { env: { ...base, OSSAST_SEMGREP: 'semgrep' }, cwd: root });
    expect(bad.code).toBe(3);
    expect(line(bad.stdout, 'scanner semgrep')).toContain('OSSAST_SEMGREP=semgrep: not an absolute path');
  });

  it('reaches LifeTime over TLS without sending a token, and names the CA fix when the certificate is not trusted', async () => {
    const token = 'doctor-token-7f3a9c1e5b';
    const untrusted = await runCli(['doctor', '--lifetime-url', lifetime], { env: { ...base, LIFETIME_TOKEN: token }, cwd: root });
    expect(untrusted.code).toBe(3);
    expect(line(untrusted.stdout, 'LifeTime')).toMatch(/^FAIL +LifeTime +https:\/\/127\.0\.0\.1:\d+\/lifetimeapi\/rest\/v2\/environments\/ not reached: TLS certificate problem/);
    expect(untrusted.stdout).toContain('set lifetime.caFile to its CA certificate (PEM), or NODE_EXTRA_CA_CERTS');
    const cfg = join(root, 'ca.yml');
    writeFileSync(cfg, `version: 1\nlifetime:\n  url: ${lifetime}\n  environment: Production\n  applications: [Shop]\n  caFile: ${join(root, 'cert.pem')}\n`);
    const trusted = await runCli(['doctor', '--config', cfg], { env: { ...base, LIFETIME_TOKEN: token }, cwd: root });
    expect(trusted.code, trusted.stdout).toBe(0);
    expect(line(trusted.stdout, 'lifetime.caFile')).toMatch(/^ok +lifetime\.caFile +.*cert\.pem: 1 certificate\(s\)/);
    expect(line(trusted.stdout, 'LifeTime')).toMatch(/answered HTTP 401 \(expected without a token\), over TLS, certificate trusted; no token was sent$/);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.authorization === undefined)).toBe(true);
    expect(untrusted.stdout + untrusted.stderr + trusted.stdout + trusted.stderr).not.toContain(token);
  });

  it('shows proxies without their credentials, and which one LifeTime goes through', async () => {
    const password = 'pr0xy-pa55-9d8c7b';
    const r = await runCli(['doctor', '--lifetime-url', 'https://lt.example.com'], { env: { ...base, HTTPS_PROXY: `http://alice:${password}@127.0.0.1:9`, NO_PROXY: 'internal.example' }, cwd: root });
    expect(line(r.stdout, 'proxy')).toBe('ok    proxy            HTTPS http://127.0.0.1:9, HTTP none, NO_PROXY internal.example; LifeTime goes through http://127.0.0.1:9');
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(r.stdout + r.stderr).not.toContain('alice');
  });
});

describe('ossast setup', () => {
  it('offline: exits 3 naming the pip commands to run by hand, and leaves nothing the lookup would use', async () => {
    const noWheels = join(root, 'no-wheels');
    mkdirSync(noWheels);
    const offline = { ...base, PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_FIND_LINKS: noWheels, PIP_NO_CACHE_DIR: '1', PIP_RETRIES: '0', PIP_TIMEOUT: '2' };
    const r = await runCli(['setup'], { env: offline, cwd: root });
    expect(r.code, r.stderr).toBe(3);
    const venv = join(home, `semgrep-${pinnedSemgrep()}`);
    expect(r.stderr).toContain(`ossast setup: pip could not install Semgrep ${pinnedSemgrep()} (exit 1)`);
    expect(r.stderr).toContain(`python3 -m venv ${venv} && ${join(venv, 'bin', 'python')} -m pip install -r ${requirementsFile()}`);
    expect(r.stderr).toContain('PIP_INDEX_URL / PIP_FIND_LINKS');
    expect(existsSync(join(venv, '.ossast-setup-done'))).toBe(false);
    const doctor = await runCli(['doctor'], { env: offline, cwd: root });
    expect(line(doctor.stdout, 'scanner semgrep')).toContain("(from ossast's own .venv)");
    // No Python to make the environment with: a usage error naming it.
    const noPython = await runCli(['setup', '--python', join(root, 'no-python3')], { env: offline, cwd: root });
    expect(noPython.code).toBe(2);
    expect(noPython.stderr).toContain(`ossast setup: ${join(root, 'no-python3')} could not be run (ENOENT)`);
  }, 120_000);
});
