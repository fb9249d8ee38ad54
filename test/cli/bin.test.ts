// The `ossast` command users run is bin/ossast.js on the compiled CLI (dist/src): what the in-process tests check of
// src/ must hold there too.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';
import { writeShopPackage } from '../support/shop.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const dir = tempDir();
const ossast = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
const result = (uri: string, snippet: string) => ({ ruleId: 'R1', level: 'error', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, snippet: { text: snippet } } } }] });
const log = (results: unknown[]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules: [{ id: 'R1' }] } }, results }] });

describe('the ossast command (bin/ossast.js)', () => {
  it('exits 3 with what to do when the compiled CLI cannot load, and 2 when nothing is built', async () => {
    // bin/ beside a dist/ of its own: a CLI whose top level throws, then none.
    const copyRoot = join(dir, 'broken-install');
    mkdirSync(join(copyRoot, 'bin'), { recursive: true });
    mkdirSync(join(copyRoot, 'dist/src/cli'), { recursive: true });
    for (const f of ['ossast.js', 'seal-env.js', 'node-check.js']) copyFileSync(join(repo, 'bin', f), join(copyRoot, 'bin', f));
    const engines = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).engines;
    writeFileSync(join(copyRoot, 'package.json'), JSON.stringify({ name: 'ossast', type: 'module', engines }));
    writeFileSync(join(copyRoot, 'dist/src/cli/bin.js'), "throw new Error('the bundle is broken');\n");
    const broken = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), 'gate', 'x.sarif'], { cwd: dir, reject: false });
    expect(broken.exitCode).toBe(3);
    expect(broken.stderr).toContain('ossast: could not run: Error: the bundle is broken');
    expect(broken.stderr).toContain('Rebuild with `npm ci` (or `bash scripts/setup.sh`) in the ossast folder');
    rmSync(join(copyRoot, 'dist'), { recursive: true });
    const unbuilt = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), '--version'], { cwd: dir, reject: false });
    expect(unbuilt.exitCode).toBe(2);
    expect(unbuilt.stderr).toBe('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.');
  });

  it('exits 3, not 13, with what to do when the run stalls on a promise nothing will settle', async () => {
    // The compiled bin's guard around a run that waits forever with nothing left to wake it (the merge pool's bug).
    const copyRoot = join(dir, 'stalled-install');
    mkdirSync(join(copyRoot, 'bin'), { recursive: true });
    mkdirSync(join(copyRoot, 'dist/src/cli'), { recursive: true });
    for (const f of ['ossast.js', 'seal-env.js', 'node-check.js']) copyFileSync(join(repo, 'bin', f), join(copyRoot, 'bin', f));
    writeFileSync(join(copyRoot, 'package.json'), JSON.stringify({ name: 'ossast', type: 'module', engines: JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).engines }));
    const signals = new URL(`file://${join(repo, 'dist/src/cli/signals.js')}`).href;
    writeFileSync(join(copyRoot, 'dist/src/cli/bin.js'), `import { failIfStalled } from ${JSON.stringify(signals)};\nconst run = new Promise(() => {});\nfailIfStalled(run);\nprocess.exitCode = await run;\n`);
    const r = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), 'merge', 'x.sarif'], { cwd: dir, reject: false });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('ossast: stopped with its work unfinished');
    expect(r.stderr).toContain('Nothing it wrote is complete; exit 3.');
    expect(r.stderr).not.toContain('unsettled top-level await');
  });

  it('refuses (exit 2) a Node.js outside the engines range, before anything runs', async () => {
    const [major] = process.versions.node.split('.').map(Number) as [number];
    for (const engines of [`>=${major + 1}.0 <${major + 3}`, `>=${major - 2}.0 <${major}`]) {
      const copyRoot = join(dir, `engines-${engines.replace(/\W+/g, '-')}`);
      mkdirSync(join(copyRoot, 'bin'), { recursive: true });
      for (const f of ['ossast.js', 'seal-env.js', 'node-check.js']) copyFileSync(join(repo, 'bin', f), join(copyRoot, 'bin', f));
      writeFileSync(join(copyRoot, 'package.json'), JSON.stringify({ name: 'ossast', type: 'module', engines: { node: engines } }));
      const r = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), '--version'], { cwd: dir, reject: false, env: { LIFETIME_TOKEN: 'tok-never-shown-4411' } });
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`ossast: Node.js ${process.version} is not supported: ossast runs on Node.js ${engines} (${process.execPath}).`);
      expect(r.stderr).toContain('Install Node.js 22 (22.15 or later) or 24, or put one first on PATH.');
    }
  });

  it("refuses a first word that is a path or not a command's exact name", async () => {
    for (const word of ['../bundle/gate', 'Gate', 'gate/../scan']) {
      const r = await ossast([word, 'x.sarif']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`error: unknown command '${word}'`);
    }
  });

  it('scans alike with an option before the command and without (config, suppression file, cache)', async () => {
    const work = join(dir, 'alike');
    mkdirSync(work, { recursive: true });
    await writeShopPackage(join(work, 'Shop.zip'));
    writeFileSync(join(work, 'ossast.yml'), 'version: 1\ngate:\n  failOn: warning\noutput:\n  formats: [sarif, manifest]\n');
    writeFileSync(
      join(work, 'supp.yml'),
      'version: 1\nsuppressions:\n  - id: shop-sql\n    match: { ruleId: "*sql*", paths: ["Shop/ShopCore/**"], snippet: "(?i)select" }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n',
    );
    const scan = (entry: string, out: string, extra: string[]) =>
      execa(process.execPath, [entry, ...extra, 'scan', 'Shop.zip', '--config', 'ossast.yml', '--suppressions', 'supp.yml', '--cache', 'cache', '--out', out], { cwd: work, reject: false, env: { NO_COLOR: '1' } });
    const viaMain = await scan(bin, 'out-main', ['--quiet']);
    const own = await scan(bin, 'out-own', []);
    const results = (out: string) => {
      const run = JSON.parse(readFileSync(join(work, out, 'results.sarif'), 'utf8')).runs[0];
      return run.results
        .map(
          (r: { ruleId: string; partialFingerprints: Record<string, string>; suppressions?: { properties?: Record<string, unknown> }[] }) =>
            `${r.ruleId} ${r.partialFingerprints['ossast/v2']} ${r.suppressions?.map((x) => x.properties?.['ossast/entry']).join(',') ?? ''}`,
        )
        .sort();
    };
    expect(viaMain.stderr).not.toContain('    at ');
    expect([viaMain.exitCode, own.exitCode]).toEqual([1, 1]);
    expect(results('out-own')).toEqual(results('out-main'));
    expect(results('out-main').some((r: string) => r.endsWith(' shop-sql'))).toBe(true);
  });

  it('a refusal made by the suppression reader keeps its exit code and hint', async () => {
    writeFileSync(join(dir, 'one.sarif'), log([result('App/Web/a.cs', 'x')]));
    writeFileSync(join(dir, 'broken.yml'), 'version: 1\nsuppressions:\n  - id: 1\n');
    const r = await ossast(['gate', 'one.sarif', '--suppressions', 'broken.yml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('broken.yml:3: suppressions.0.id: Invalid input: expected string, received number');
    expect(r.stderr).toContain('  hint: each entry needs id, match (at least one criterion) and justification');
    expect(r.stderr).not.toContain('    at ');
  });

  it('a log too big for one string is read by the streaming parser', async () => {
    // Above the streaming threshold only in size: padding in a property, so the test stays quick.
    const pad = 'p'.repeat(1024 * 1024);
    const big = JSON.parse(log([result('App/Web/a.cs', 'x')]));
    big.runs[0].properties = { pad: Array.from({ length: 260 }, () => pad) };
    writeFileSync(join(dir, 'big.sarif'), JSON.stringify(big));
    const r = await ossast(['gate', 'big.sarif']);
    expect(r.stderr).toBe('1 result(s): 1 error, 0 warning, 0 note unsuppressed; 0 suppressed; 0 new');
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 0 suppressed');
    expect(r.exitCode).toBe(1);
  });

  it("refuses an invalid log with zod's English message naming the field (exit 2)", async () => {
    const bad = join(dir, 'bad.sarif');
    writeFileSync(bad, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: {}, ruleIndex: 1.5 }] }] }));
    const r = await ossast(['gate', 'bad.sarif']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bad.sarif is not a valid SARIF 2.1.0 log: runs.0.results.0.ruleIndex: Invalid input: expected int, received number');
  });

  it('loads the RE2 engine when a suppression file has patterns, and the writer for --output', async () => {
    writeFileSync(join(dir, 'two.sarif'), log([result('App/Web/a.cs', 'var q = "SELECT " + x;'), result('App/Web/b.cs', 'Run(y);')]));
    writeFileSync(
      join(dir, 'supp.yml'),
      'version: 1\nsuppressions:\n  - id: sel\n    match: { ruleId: R1, paths: ["App/**/a.cs"], snippet: "(?i)select\\\\s" }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n    expires: 2099-12-31\n',
    );
    const r = await ossast(['gate', 'two.sarif', '--suppressions', 'supp.yml', '--output', 'out.sarif']);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 1 suppressed');
    expect(r.exitCode).toBe(1);
    const written = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(written.runs[0].results[0].suppressions[0].properties['ossast/entry']).toBe('sel');
    expect(written.runs[0].results[1].suppressions).toEqual([]);
  });
});
