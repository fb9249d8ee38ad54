// Which Semgrep ossast runs (config, OSSAST_SEMGREP, its own .venv, PATH), said in the log, and its version checked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tempDir, writeScript, writeTree } from '../../support/tmp.js';
import { runCli } from '../../support/cli.js';
import { createMemoryLogger } from '../../../src/util/log.js';
import { runScanners } from '../../../src/scan/run.js';
import { createScanners } from '../../../src/scan/registry.js';
import { semgrepScannerSchema } from '../../../src/scan/config.js';
import { locateSemgrep } from '../../../src/scan/semgrep/locate.js';
import { installedVersion, isSupportedSemgrep, supportedSemgrep } from '../../../src/scan/semgrep/version.js';
import { ConfigError } from '../../../src/util/errors.js';
import { packageRoot } from '../../../src/util/version.js';
import type { SourceTarget } from '../../../src/model/targets.js';

const root = tempDir();
const src = join(root, 'src');
writeTree(src, { 'App/Mod/scripts/a.js': 'eval(x);\n' });
const targets: SourceTarget[] = [{ id: 'App/Mod', application: 'App', module: 'Mod', dir: join(src, 'App/Mod'), origin: { kind: 'folder', path: 'x' } }];
const rules = join(root, 'rules.yml');
writeTree(root, { 'rules.yml': 'rules:\n- id: test.eval\n  pattern: eval(...)\n  message: eval\n  languages: [javascript]\n  severity: ERROR\n' });
const venvSemgrep = join(packageRoot(), '.venv', 'bin', 'semgrep');
const SUPPORTED_SEMGREP = supportedSemgrep();
// No per-user install from `ossast setup` in these tests unless one says so.
const noHome = { OSSAST_HOME: join(root, 'no-home') };

/** A fake Semgrep that prints `version` for --version and fails any scan (these tests stop before or say which ran). */
function fakeSemgrep(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  return writeScript(dir, 'semgrep', `if [ "$1" = "--version" ]; then echo ${version}; exit 0; fi; echo "fake semgrep ${version} ran" >&2; exit 2`);
}
const fakes = {
  config: fakeSemgrep(join(root, 'config-bin'), '1.179.0'),
  env: fakeSemgrep(join(root, 'env-bin'), '1.178.0'),
  path: fakeSemgrep(join(root, 'path-bin'), '1.177.0'),
  old: fakeSemgrep(join(root, 'old-bin'), '1.20.0'),
  next: fakeSemgrep(join(root, 'next-bin'), '2.0.0'),
};

async function scanWith(cfg: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const log = createMemoryLogger();
  const scanners = createScanners([semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules], ...cfg })], { ...noHome, ...env });
  const [run] = (await runScanners(scanners, { sourceRoot: src, targets, workRoot: join(root, 'work'), log })).runs;
  return { run: run!, text: log.lines.join('\n') };
}

async function refusal(cfg: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<ConfigError> {
  const err = await scanWith(cfg, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('which Semgrep ossast runs', () => {
  it('the real, pinned Semgrep in its own .venv by default, said once at info level', async () => {
    const { run, text } = await scanWith({});
    expect(run.invocation.executionSuccessful).toBe(true);
    expect(run.toolVersion).toBe(SUPPORTED_SEMGREP.pinned);
    expect(text.match(/using /g)).toHaveLength(1);
    expect(text).toContain(`semgrep: using `);
    expect(text).toContain(`(Semgrep ${SUPPORTED_SEMGREP.pinned}) (from ossast's own .venv)`);
  });

  it('the config beats OSSAST_SEMGREP, which beats the .venv, which beats PATH', async () => {
    vi.stubEnv('PATH', `${join(root, 'path-bin')}${delimiter}${process.env['PATH'] ?? ''}`);
    const cfgRun = await scanWith({ executable: fakes.config }, { OSSAST_SEMGREP: fakes.env });
    expect(cfgRun.text).toContain(`semgrep: using ${fakes.config} (Semgrep 1.179.0) (from scanners[].executable of "semgrep" in the config)`);
    expect(cfgRun.run.failure).toContain('exited with 2');
    expect(cfgRun.run.notifications[0]?.message).toContain('fake semgrep 1.179.0 ran');
    const envRun = await scanWith({}, { OSSAST_SEMGREP: fakes.env });
    expect(envRun.text).toContain(`semgrep: using ${fakes.env} (Semgrep 1.178.0) (from OSSAST_SEMGREP)`);
    expect(envRun.run.notifications[0]?.message).toContain('fake semgrep 1.178.0 ran');
    const venvRun = await scanWith({});
    expect(venvRun.run.invocation.executionSuccessful).toBe(true);
    expect(venvRun.text).toContain("(from ossast's own .venv)");
    // Without a .venv in the ossast folder: `semgrep` on PATH.
    const bare = join(root, 'bare-ossast');
    mkdirSync(bare, { recursive: true });
    const parsed = semgrepScannerSchema.parse({ type: 'semgrep' });
    expect(locateSemgrep(parsed, noHome, bare)).toEqual({ exe: 'semgrep', source: 'PATH' });
    expect(locateSemgrep(parsed, noHome, packageRoot())).toEqual({ exe: venvSemgrep, source: "ossast's own .venv" });
    expect(locateSemgrep(parsed, { ...noHome, OSSAST_SEMGREP: fakes.env }, bare)).toEqual({ exe: fakes.env, source: 'OSSAST_SEMGREP' });
    // What `ossast setup` installed in the per-user folder comes before ossast's own .venv.
    const home = join(root, 'home');
    const installed = fakeSemgrep(join(home, `semgrep-${SUPPORTED_SEMGREP.pinned}`, 'bin'), SUPPORTED_SEMGREP.pinned);
    expect(locateSemgrep(parsed, { OSSAST_HOME: home }, bare).source).toBe('PATH'); // unfinished: no done-marker yet
    writeFileSync(join(home, `semgrep-${SUPPORTED_SEMGREP.pinned}`, '.ossast-setup-done'), '');
    expect(locateSemgrep(parsed, { OSSAST_HOME: home }, packageRoot())).toEqual({ exe: installed, source: `ossast setup (${join(home, `semgrep-${SUPPORTED_SEMGREP.pinned}`)})` });
    expect(locateSemgrep(parsed, { XDG_CACHE_HOME: root, HOME: '/nonexistent' }, bare)).toEqual({ exe: 'semgrep', source: 'PATH' });
    expect(() => locateSemgrep(parsed, { OSSAST_HOME: 'relative/home' }, bare)).toThrow('OSSAST_HOME=relative/home: not an absolute path');
  });

  it('refuses a Semgrep outside the supported range (exit 2), before anything is scanned', async () => {
    for (const [fake, version] of [
      [fakes.old, '1.20.0'],
      [fakes.next, '2.0.0'],
    ] as const) {
      const err = await refusal({}, { OSSAST_SEMGREP: fake });
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(`Semgrep ${version} (${fake}, from OSSAST_SEMGREP) is not supported: ossast runs Semgrep ${SUPPORTED_SEMGREP.min} or later, before ${SUPPORTED_SEMGREP.below} (tested with ${SUPPORTED_SEMGREP.pinned})`);
      expect(err.hint).toContain(`run \`ossast setup\` (installs Semgrep ${SUPPORTED_SEMGREP.pinned} for ossast)`);
    }
    const viaConfig = await refusal({ executable: fakes.old });
    expect(viaConfig.message).toContain('from scanners[].executable of "semgrep" in the config) is not supported');
  });

  it('refuses an OSSAST_SEMGREP that names no executable file, naming the variable', async () => {
    const notExec = join(root, 'not-exec');
    writeFileSync(notExec, 'x');
    const cases: [string, string][] = [
      [join(root, 'missing', 'semgrep'), 'no such file'],
      [join(root, 'env-bin'), 'a folder, not a file'],
      ['env-bin/semgrep', 'not an absolute path'],
      [notExec, 'not executable'],
    ];
    for (const [value, what] of cases) {
      const err = await refusal({}, { OSSAST_SEMGREP: value });
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(`OSSAST_SEMGREP=${value}: ${what}`);
      expect(err.hint).toContain('set OSSAST_SEMGREP to the absolute path of a Semgrep executable');
    }
  });

  it('reads the version pip recorded without running Semgrep, and checks what Semgrep itself reports', async () => {
    // The real install: its dist-info names the pinned version.
    expect(await installedVersion(venvSemgrep)).toBe(SUPPORTED_SEMGREP.pinned);
    // A pip-shaped install whose --version would say otherwise: the metadata is read, the script is not run.
    const venv = join(root, 'meta-venv');
    mkdirSync(join(venv, 'lib', 'python3.12', 'site-packages', 'semgrep-1.20.0.dist-info'), { recursive: true });
    mkdirSync(join(venv, 'bin'));
    const exe = join(venv, 'bin', 'semgrep');
    writeFileSync(exe, `#!${join(venv, 'bin', 'python3')}\nprint("never run")\n`, { mode: 0o755 });
    expect(await installedVersion(exe)).toBe('1.20.0');
    const err = await refusal({ executable: exe });
    expect(err.message).toContain(`Semgrep 1.20.0 (${exe}, from scanners[].executable of "semgrep" in the config) is not supported`);
    // Two versions side by side, or none: not told from the folder.
    mkdirSync(join(venv, 'lib', 'python3.11', 'site-packages', 'semgrep-1.180.0.dist-info'), { recursive: true });
    expect(await installedVersion(exe)).toBeUndefined();
    expect(await installedVersion(fakes.env)).toBeUndefined();
    // A Semgrep whose version cannot be told before the scan but reports an unsupported one in its output: exit 2.
    const pinnedRe = SUPPORTED_SEMGREP.pinned.replaceAll('.', '\\.');
    mkdirSync(join(root, 'liar-bin'));
    const liar = writeScript(
      join(root, 'liar-bin'),
      'semgrep',
      `if [ "$1" = "--version" ]; then exit 1; fi
${venvSemgrep} "$@"; rc=$?
for a in "$@"; do case "$a" in --sarif-output=*|--json-output=*) sed -i 's/${pinnedRe}/1.20.0/g' "\${a#*=}";; esac; done
exit $rc`,
    );
    const { text } = await scanWith({ executable: liar }).catch((e: unknown) => ({ text: String(e) }));
    expect(text).toContain(`Semgrep 1.20.0 (${liar}, from scanners[].executable of "semgrep" in the config) is not supported`);
    const told = await refusal({ executable: liar });
    expect(told.exitCode).toBe(2);
  });

  it('the range holds the version requirements.txt pins, and ten minors back up to the next major', () => {
    const pinned = /^semgrep==(\S+)$/m.exec(readFileSync(join(packageRoot(), 'scanners/semgrep/requirements.txt'), 'utf8'))?.[1];
    expect(SUPPORTED_SEMGREP.pinned).toBe(pinned);
    const [major, minor] = SUPPORTED_SEMGREP.pinned.split('.').map(Number) as [number, number];
    expect(SUPPORTED_SEMGREP.min).toBe(`${major}.${minor - 10}.0`);
    expect(SUPPORTED_SEMGREP.below).toBe(`${major + 1}.0.0`);
    expect([SUPPORTED_SEMGREP.pinned, SUPPORTED_SEMGREP.min, `${major}.${minor + 5}.2`, `${major}.${minor}.0-beta`].every(isSupportedSemgrep)).toBe(true);
    expect([`${major}.${minor - 11}.9`, SUPPORTED_SEMGREP.below, '0.1.0', 'nonsense'].some(isSupportedSemgrep)).toBe(false);
  });
});

describe('ossast scan with an unsupported or misnamed Semgrep', () => {
  it('exits 2 and says why', async () => {
    const out = join(root, 'out-old');
    const r = await runCli(['scan', src, '--out', out, '--format', 'sarif'], { env: { OSSAST_SEMGREP: fakes.old } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Semgrep 1.20.0 (${fakes.old}, from OSSAST_SEMGREP) is not supported`);
    const bad = await runCli(['scan', src, '--out', join(root, 'out-bad'), '--format', 'sarif'], { env: { OSSAST_SEMGREP: 'semgrep' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('OSSAST_SEMGREP=semgrep: not an absolute path');
  });
});
