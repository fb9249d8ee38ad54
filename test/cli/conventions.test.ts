// CLI conventions users of Semgrep, gitleaks and Trivy expect: help, colour, environment variables, config discovery.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';

/** Command names listed under "Commands:" in a --help text. */
const listed = (help: string) => {
  const part = (help.split(/^Commands:$/m)[1] ?? '').split(/\n\n/)[0] ?? '';
  return part
    .split('\n')
    .map((l) => /^ {2}(\S+)/.exec(l)?.[1])
    .filter((n): n is string => Boolean(n) && n !== 'help');
};

describe('--help of every command', () => {
  it('lists exit codes and an example, for every registered command and sub-command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const queue = listed(top.stdout).map((n) => [n]);
    expect(queue.map((q) => q[0])).toEqual(expect.arrayContaining(['scan', 'run', 'fetch', 'extract', 'merge', 'gate', 'suppressions', 'exposure', 'demo']));
    const seen: string[] = [];
    for (let path = queue.shift(); path; path = queue.shift()) {
      const r = await runCli([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).toMatch(/^Exit codes:\n {2}0 /m);
      expect(r.stdout, path.join(' ')).toMatch(/^Examples:\n {2}\$ ossast /m);
      seen.push(path.join(' '));
      queue.push(...listed(r.stdout).map((n) => [...path, n]));
    }
    expect(seen).toContain('suppressions check');
    expect(top.stdout).toMatch(/^Exit codes:/m);
  });
});

describe('scan: ./ossast.yml, OSSAST_* variables and colour (real Semgrep)', () => {
  const root = tempDir();
  // A tiny module folder with one finding at error level (eval of input).
  writeTree(join(root, 'Mod'), { 'scripts/Mod.controller.js': 'define("Mod.controller", [], function () {\n  function run(userInput) { return eval(userInput); }\n  return { run: run };\n});\n' });
  const noColour = { NO_COLOR: '', FORCE_COLOR: '0' };

  it('reads ./ossast.yml when present and says so; OSSAST_OUT is used, a flag wins over it', async () => {
    const cwd = join(root, 'project');
    writeTree(cwd, { 'ossast.yml': 'version: 1\ngate:\n  failOn: none\noutput:\n  formats: [sarif, console]\n' });
    const r = await runCli(['scan', join(root, 'Mod')], { cwd, env: { ...noColour, OSSAST_OUT: join(root, 'env-out') } });
    expect(r.stderr).toContain('using ossast.yml from the current folder');
    expect(r.code).toBe(0); // failOn: none from the file
    expect(existsSync(join(root, 'env-out', 'results.sarif'))).toBe(true);
    expect(r.stdout).not.toContain('\x1b[');
    const flagged = await runCli(['scan', join(root, 'Mod'), '--out', join(root, 'flag-out'), '--fail-on', 'error', '--color', 'always'], { cwd, env: { ...noColour, OSSAST_OUT: join(root, 'env-out2'), NO_COLOR: '1' } });
    expect(flagged.code).toBe(1);
    expect(existsSync(join(root, 'flag-out', 'results.sarif'))).toBe(true);
    expect(existsSync(join(root, 'env-out2'))).toBe(false);
    // --color always wins over NO_COLOR.
    expect(flagged.stdout).toContain('\x1b[31mFAILED (exit 1)');
  });

  it('FORCE_COLOR colours the console report off a terminal; --color never wins over it; --verbose adds detail', async () => {
    const env = { ...noColour, FORCE_COLOR: '1', OSSAST_FORMAT: 'console', OSSAST_FAIL_ON: 'error' };
    const forced = await runCli(['scan', join(root, 'Mod'), '--out', join(root, 'o1')], { cwd: root, env });
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('\x1b[31mFAILED (exit 1)');
    expect(existsSync(join(root, 'o1', 'results.sarif'))).toBe(false); // OSSAST_FORMAT=console: no SARIF file
    expect(forced.stderr).not.toContain('debug:');
    const never = await runCli(['scan', join(root, 'Mod'), '--out', join(root, 'o2'), '--color=never', '--verbose'], { cwd: root, env });
    expect(never.code).toBe(1);
    // --verbose adds the settings, per-input extraction timings and the commands run, with their times.
    expect(never.stderr).toMatch(/^debug: output .*o2: console; fail on error; 1 source\(s\); scanners semgrep$/m);
    expect(never.stderr).toMatch(/^debug: .*Mod: extracted 1 file\(s\), \d+ byte\(s\) into Mod in \d+ ms$/m);
    expect(never.stderr).toMatch(/^debug: semgrep: ran `.*semgrep.* --metrics=off .*` in \d+ ms$/m);
    expect(never.stdout).toContain('FAILED (exit 1)');
    expect(never.stdout).not.toContain('\x1b[');
  });

  it('refuses an invalid OSSAST_FAIL_ON (exit 2) and an invalid --color (exit 2), naming them', async () => {
    const bad = await runCli(['scan', join(root, 'Mod'), '--out', join(root, 'o3')], { cwd: root, env: { ...noColour, OSSAST_FAIL_ON: 'critical' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('OSSAST_FAIL_ON: expected one of error, warning, note, none, received "critical"');
    const colour = await runCli(['scan', join(root, 'Mod'), '--color', 'sometimes'], { cwd: root });
    expect(colour.code).toBe(2);
    expect(colour.stderr).toContain("option '--color <when>' argument 'sometimes' is invalid");
  });

  it('documents the variables in --help', async () => {
    const r = await runCli(['scan', '--help']);
    expect(r.stdout).toContain('OSSAST_CONFIG (--config), OSSAST_OUT (--out), OSSAST_FAIL_ON (--fail-on), OSSAST_FORMAT (--format)');
  });
});

describe('console tables at 80 columns (real Semgrep)', () => {
  it('break a long rule id only after its separators, never mid-word', async () => {
    const root = tempDir();
    const id = 'company.outsystems.javascript.security.audit.eval-with-user-controlled-input-detected';
    writeTree(root, {
      'Mod/scripts/Mod.controller.js': 'define("Mod.controller", [], function () {\n  function run(userInput) { return eval(userInput); }\n  return { run: run };\n});\n',
      'rules/long.yml': `rules:\n  - id: ${id}\n    languages: [javascript]\n    severity: ERROR\n    message: eval of input\n    pattern: eval($X)\n`,
    });
    const r = await runCli(['scan', join(root, 'Mod'), '--rules', join(root, 'rules', 'long.yml'), '--out', join(root, 'out'), '--format', 'console', '--color', 'never'], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const table = lines.filter((l) => /^[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThan(4);
    expect(Math.max(...table.map((l) => l.length))).toBeLessThanOrEqual(80);
    // The Rule column's pieces, row by row: read back in order they give the id, each line ending at a separator.
    const cells = lines.filter((l) => l.startsWith('│') && /company|outsystems|javascript|security|audit|eval|input|detected/.test(l)).map((l) => l.split('│')[2]?.trim() ?? '');
    const start = cells.findIndex((c) => c.startsWith('company.'));
    expect(start).toBeGreaterThanOrEqual(0);
    const pieces: string[] = [];
    for (const c of cells.slice(start)) {
      pieces.push(c);
      if (pieces.join('') === id) break;
    }
    expect(pieces.join('')).toBe(id);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/[.-]$/);
  });
});

describe('extract, then scan the folder (real Semgrep)', () => {
  it('keeps the application/module structure: one target per module, ids App/Module', async () => {
    const root = tempDir();
    const js = (m: string) => `define("${m}.controller", [], function () {\n  function run(userInput) { return eval(userInput); }\n  return { run: run };\n});\n`;
    await writeAppPackage(join(root, 'Shop.zip'), {
      ShopCore: { 'ShopCore.csproj': '<Project />', [`scripts/ShopCore.controller.js`]: js('ShopCore') },
      ShopUI: { 'Web.config': '<configuration />', [`scripts/ShopUI.controller.js`]: js('ShopUI') },
    });
    const ex = await runCli(['extract', join(root, 'Shop.zip'), '--out', join(root, 'extracted')], { cwd: root });
    expect(ex.code).toBe(0);
    const r = await runCli(['scan', join(root, 'extracted'), '--out', join(root, 'out'), '--format', 'console,manifest', '--color', 'never'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Module (Shop)');
    expect(r.stdout).toMatch(/│ ShopCore +│ findings +│ 1 +│/);
    expect(r.stdout).toMatch(/│ ShopUI +│ findings +│ 1 +│/);
    const manifest = JSON.parse(readFileSync(join(root, 'out', 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toContain('"Shop/ShopCore"');
    expect(JSON.stringify(manifest)).toContain('"Shop/ShopUI"');
  });
});

describe('report file names: --format name=path, name=-, -o/--output (real Semgrep)', () => {
  const root = tempDir();
  writeTree(join(root, 'Mod'), { 'scripts/Mod.controller.js': 'define("Mod.controller", [], function () {\n  function run(userInput) { return eval(userInput); }\n  return { run: run };\n});\n' });

  it('--format sarif=- writes the SARIF log alone to standard output', async () => {
    const r = await runCli(['scan', 'Mod', '--out', 'o1', '--format', 'sarif=-'], { cwd: root });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(existsSync(join(root, 'o1', 'results.sarif'))).toBe(false);
  });

  it('-o (relative to the working folder) and name=path (relative to --out) choose the files', async () => {
    const r = await runCli(['scan', 'Mod', '--out', 'o2', '-o', 'o2/logs/app.sarif', '--format', 'sarif,manifest=audit/m.json,markdown=md/summary.md'], { cwd: root });
    expect(r.code).toBe(1);
    const log = JSON.parse(readFileSync(join(root, 'o2', 'logs', 'app.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    // The log and the manifest name each other by their chosen names.
    expect(log.runs[0].properties['ossast/manifest']).toBe('../audit/m.json');
    expect(JSON.parse(readFileSync(join(root, 'o2', 'audit', 'm.json'), 'utf8')).results.sarif).toBe('../logs/app.sarif');
    expect(readFileSync(join(root, 'o2', 'md', 'summary.md'), 'utf8')).toContain('ossast.js.code-injection.eval');
    expect(existsSync(join(root, 'o2', 'results.sarif'))).toBe(false);
    expect(existsSync(join(root, 'o2', 'summary.md'))).toBe(false);
  });

  it('refuses (exit 2, before scanning) a file outside --out and two formats on standard output', async () => {
    const outside = await runCli(['scan', 'Mod', '--out', 'o3', '-o', 'elsewhere.sarif'], { cwd: root });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(`--output elsewhere.sarif: ${join(root, 'elsewhere.sarif')} is not a file name inside the output folder ${join(root, 'o3')}`);
    const up = await runCli(['scan', 'Mod', '--out', 'o3', '--format', 'sarif=../x.sarif'], { cwd: root });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('--format sarif=../x.sarif: ');
    const two = await runCli(['scan', 'Mod', '--out', 'o3', '--format', 'sarif=-,console'], { cwd: root });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('sarif and console would both go to standard output');
    expect(existsSync(join(root, 'o3'))).toBe(false);
  });

  it('every command: --out <dir> for a folder, -o/--output <file> for one file', async () => {
    for (const cmd of ['scan', 'run', 'extract', 'fetch', 'exposure', 'demo', 'merge', 'gate']) {
      const help = (await runCli([cmd, '--help'])).stdout;
      expect(help, cmd).not.toMatch(/-o, --out </);
      expect(help, cmd).toMatch(/--out <dir>|-o, --output <file>/);
      if (/--output/.test(help)) expect(help, cmd).toMatch(/-o, --output <file>/);
    }
  });
});
