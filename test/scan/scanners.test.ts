import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { tempDir, writeTree, writeScript } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createScanners } from '../../src/scan/registry.js';
import { semgrepScannerSchema, commandScannerSchema } from '../../src/scan/config.js';
import type { SourceTarget } from '../../src/model/targets.js';

const root = tempDir();
const src = join(root, 'src');
writeTree(src, {
  'App/Mod/Actions/ActionX.cs': 'class A { void F(string q) { var c = "SELECT * FROM T WHERE N = \'" + q + "\'"; } }\n',
  'App/Mod/scripts/Mod.controller.js': 'define("x", [], function () { eval(userInput); });\n',
  'App/Mod/tests/helper.js': 'eval(other);\n',
});
const targets: SourceTarget[] = [{ id: 'App/Mod', application: 'App', module: 'Mod', dir: join(src, 'App/Mod'), origin: { kind: 'folder', path: 'x' } }];
const rules = join(root, 'rules.yml');
writeTree(root, {
  'rules.yml': 'rules:\n- id: test.eval\n  pattern: eval(...)\n  message: eval\n  languages: [javascript]\n  severity: ERROR\n  metadata:\n    cwe: ["CWE-95: Eval Injection"]\n',
});
const scripts = join(root, 'bin');
writeTree(scripts, { '.keep': '' });

async function scanWith(cfg: unknown) {
  const log = createMemoryLogger();
  const parsed = typeof cfg === 'object' && cfg !== null && 'type' in cfg && cfg.type === 'semgrep' ? semgrepScannerSchema.parse(cfg) : commandScannerSchema.parse(cfg);
  const [run] = (await runScanners(createScanners([parsed]), { sourceRoot: src, targets, workRoot: join(root, 'work'), log })).runs;
  return { run: run!, log };
}

describe('semgrep adapter (real Semgrep)', () => {
  it('scans every target offline, including folders Semgrep skips by default, and records rule hashes', async () => {
    const { run } = await scanWith({ type: 'semgrep', bundledRules: false, rules: [rules] });
    expect(run.invocation.executionSuccessful).toBe(true);
    expect(run.invocation.exitCode).toBe(0);
    expect(run.invocation.commandLine).toContain('--metrics=off');
    expect(run.invocation.commandLine).toContain('--disable-version-check');
    expect(run.toolVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const uris = (run.sarif?.runs[0]?.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort();
    expect(uris).toEqual(['App/Mod/scripts/Mod.controller.js', 'App/Mod/tests/helper.js']);
    expect(run.rules).toEqual([{ path: rules, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('scans Semgrep-default-ignored folders even when the output lies inside a git repository', async () => {
    const repo = join(root, 'repo');
    writeTree(repo, { 'README.md': 'x' });
    await execa('git', ['init', '-q', repo]);
    const repoSrc = join(repo, 'ossast-out', 'src');
    writeTree(repoSrc, { 'App/Mod/tests/helper.js': 'eval(other);\n', 'App/Mod/build/x.js': 'eval(x);\n' });
    const log = createMemoryLogger();
    const [run] = (
      await runScanners(createScanners([semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules] })]), {
        sourceRoot: repoSrc,
        targets: [{ id: 'App/Mod', module: 'Mod', dir: join(repoSrc, 'App/Mod'), origin: { kind: 'folder', path: 'x' } }],
        workRoot: join(root, 'work-git'),
        log,
      })
    ).runs;
    const uris = (run!.sarif?.runs[0]?.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort();
    expect(uris).toEqual(['App/Mod/build/x.js', 'App/Mod/tests/helper.js']);
  });

  it('reports files it skipped for size', async () => {
    writeTree(src, { 'App/Mod/scripts/big.js': `var a = "${'x'.repeat(3000)}";\n` });
    const { run } = await scanWith({ type: 'semgrep', bundledRules: false, rules: [rules], maxTargetBytes: 1000 });
    expect(run.skipped).toContainEqual({ path: 'App/Mod/scripts/big.js', reason: 'exceeded_size_limit' });
  });

  it('refuses registry rules unless allowed', async () => {
    const { run } = await scanWith({ type: 'semgrep', bundledRules: false, rules: ['p/default'] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toContain('come from the network');
  });

  it('fails when a rule file is broken (exit code interpreted)', async () => {
    writeTree(root, { 'bad.yml': 'rules:\n- id: broken\n  pattern: eval(...)\n  message: m\n  languages: [nosuchlang]\n  severity: ERROR\n' });
    const { run } = await scanWith({ type: 'semgrep', bundledRules: false, rules: [join(root, 'bad.yml')] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toMatch(/semgrep exited with \d+: /);
    expect(run.notifications[0]?.level).toBe('error');
  });

  it('fails clearly when semgrep is missing', async () => {
    const { run, log } = await scanWith({ type: 'semgrep', executable: join(root, 'no-such-semgrep') });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toBe(`scanner semgrep: cannot run ${join(root, 'no-such-semgrep')}: not found`);
    expect(log.lines.join('\n')).toContain('scripts/setup.sh');
  });

  it('fails when semgrep crashes', async () => {
    const fake = writeScript(scripts, 'semgrep-crash', 'echo "Traceback: boom" >&2; kill -SEGV $$');
    const { run } = await scanWith({ type: 'semgrep', executable: fake, bundledRules: false, rules: [rules] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toContain('was killed by SIGSEGV');
    expect(run.notifications[0]?.message).toContain('Traceback: boom');
  });

  it('fails when semgrep times out, and says so', async () => {
    const fake = writeScript(scripts, 'semgrep-slow', 'sleep 30');
    const { run } = await scanWith({ type: 'semgrep', executable: fake, bundledRules: false, rules: [rules], timeoutSeconds: 1 });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toMatch(/^scanner semgrep: timed out after 1 s and was stopped/);
  });

  it('fails when semgrep exits 0 but writes invalid SARIF', async () => {
    const fake = writeScript(scripts, 'semgrep-garbage', 'for a in "$@"; do case $a in --sarif-output=*) echo "{not json" > "${a#--sarif-output=}";; --json-output=*) echo "{}" > "${a#--json-output=}";; esac; done; exit 0');
    const { run } = await scanWith({ type: 'semgrep', executable: fake, bundledRules: false, rules: [rules] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toContain('wrote a SARIF log that is not valid');
    expect(run.failure).toContain('semgrep.sarif');
  });
});

describe('command scanner', () => {
  const sarif = JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'FakeTool', version: '9.9' } },
        results: [{ ruleId: 'X1', message: { text: 'bad' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'App/Mod/Actions/ActionX.cs' }, region: { startLine: 1 } } }] }],
      },
    ],
  });

  it('runs the template with {src} and {out} and reads its SARIF', async () => {
    const tool = writeScript(scripts, 'fake-tool', `test -d "$1" || exit 9; cat > "$2" <<'J'\n${sarif}\nJ`);
    const { run } = await scanWith({ type: 'command', name: 'fake', command: [tool, '{src}', '{out}'] });
    expect(run.invocation.executionSuccessful).toBe(true);
    expect(run.toolVersion).toBe('9.9');
    expect(run.sarif?.runs[0]?.results?.[0]?.ruleId).toBe('X1');
    expect(existsSync(join(root, 'work', 'fake', 'fake.sarif'))).toBe(true);
    expect(readFileSync(join(root, 'work', 'fake', 'fake.sarif'), 'utf8')).toContain('FakeTool');
  });

  it('fails on an exit code outside okExitCodes', async () => {
    const tool = writeScript(scripts, 'fake-exit', 'echo "license expired" >&2; exit 4');
    const { run } = await scanWith({ type: 'command', name: 'fake', command: [tool, '{src}', '{out}'] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.invocation.exitCode).toBe(4);
    expect(run.failure).toBe('scanner fake: exited with 4, which is not one of okExitCodes [0, 1]');
    expect(run.notifications[0]?.message).toContain('license expired');
  });

  it('fails when no SARIF file is written', async () => {
    const tool = writeScript(scripts, 'fake-silent', 'exit 0');
    const { run } = await scanWith({ type: 'command', name: 'fake', command: [tool, '{src}', '{out}'] });
    expect(run.failure).toContain('exited but wrote no SARIF log at');
  });

  it('refuses an output over the size ossast reads, without reading it', async () => {
    const { readToolOutput } = await import('../../src/scan/read-tool-output.js');
    const big = join(root, 'big.sarif');
    writeTree(root, { 'big.sarif': 'x'.repeat(2048) });
    await expect(
      readToolOutput(
        big,
        'SARIF log',
        () => 'parsed',
        (m) => new Error(m),
        1024,
      ),
    ).rejects.toThrow(`wrote a SARIF log of 2048 bytes (${big}), over the 1024 bytes ossast reads; it was not read`);
  });

  it('fails when the SARIF is not SARIF', async () => {
    const tool = writeScript(scripts, 'fake-bad', 'echo \'{"version": "2.1.0", "runs": [{"results": []}]}\' > "$2"');
    const { run } = await scanWith({ type: 'command', name: 'fake', command: [tool, '{src}', '{out}'] });
    expect(run.invocation.executionSuccessful).toBe(false);
    expect(run.failure).toContain('wrote a SARIF log that is not valid');
  });
});
