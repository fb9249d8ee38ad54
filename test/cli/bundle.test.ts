// The `ossast` command users run is the esbuild bundle (dist/bundle): what the in-process tests check of src/ must hold there too.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';
import { commandNames } from '../../src/cli/main.js';
import { writeShopPackage } from '../support/shop.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const dir = tempDir();
const ossast = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
const result = (uri: string, snippet: string) => ({ ruleId: 'R1', level: 'error', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, snippet: { text: snippet } } } }] });
const log = (results: unknown[]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules: [{ id: 'R1' }] } }, results }] });

describe('the bundled ossast command', () => {
  it('bin/ossast.js runs the bundle, and `gate` from its own single file that imports no chunk of the main bundle at start', () => {
    const text = readFileSync(bin, 'utf8');
    expect(text).toContain("'../dist/bundle/ossast.js'");
    expect(text).toContain('`../dist/bundle/${word}-cli.js`');
    const gate = readFileSync(join(repo, 'dist/bundle/gate-cli.js'), 'utf8');
    // Static imports only of nothing; the main bundle's entries are reached by import() when a feature needs them.
    expect(gate.match(/(?:^|[;\n}])\s*import\s*[{*\w"']/g) ?? []).toEqual([]);
    expect([...gate.matchAll(/import\("(\.\/[^"]+)"\)/g)].map((m) => m[1]).sort()).toEqual(['./lazy-report-content.js', './lazy-report-write.js', './lazy-scan-process.js', './lazy-streamparser.js', './lazy-suppress-load.js']);
  });

  it('gives every command a one-file bundle of its own that loads no chunk, and bin/ossast.js starts it', async () => {
    for (const name of commandNames) {
      const text = readFileSync(join(repo, `dist/bundle/${name}-cli.js`), 'utf8');
      // Only Node.js's own modules are imported statically; the gate alone reaches the main bundle's lazy entries.
      const imported = [...text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w$*{][^"']*from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
      expect(imported.filter((i) => !i.startsWith('node:') && !['fs', 'path', 'url', 'os', 'crypto', 'stream', 'events', 'util', 'child_process', 'worker_threads', 'zlib', 'buffer', 'process', 'assert', 'tty', 'string_decoder', 'constants', 'http', 'https', 'net'].includes(i.split('/')[0]!)), name).toEqual([]);
      if (name !== 'gate') expect(text.match(/import\("\.\/[^"]+"\)/g) ?? [], name).toEqual([]);
    }
    // A first word that is a path or not a command's exact name loads no file by it: the main bundle refuses it.
    for (const word of ['../bundle/gate', 'Gate', 'gate/../scan']) {
      const r = await ossast([word, 'x.sarif']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`error: unknown command '${word}'`);
    }
    // The same command from its own bundle and from the main one: the same help, to the byte.
    for (const name of ['scan', 'merge', 'suppressions']) {
      const own = await ossast([name, '--help']);
      const viaMain = await execa(process.execPath, [join(repo, 'dist/bundle/ossast.js'), name, '--help'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
      expect(own.exitCode).toBe(0);
      expect(own.stdout).toBe(viaMain.stdout);
      expect(own.stdout).toContain(`Usage: ossast ${name}`);
    }
  });

  it('scans alike from the command\'s own bundle and from the main bundle (config, suppression file, cache: YAML parsed by both)', async () => {
    const work = join(dir, 'alike');
    mkdirSync(work, { recursive: true });
    await writeShopPackage(join(work, 'Shop.zip'));
    writeFileSync(join(work, 'ossast.yml'), 'version: 1\ngate:\n  failOn: warning\noutput:\n  formats: [sarif, manifest]\n');
    writeFileSync(join(work, 'supp.yml'), 'version: 1\nsuppressions:\n  - id: shop-sql\n    match: { ruleId: "*sql*", paths: ["Shop/ShopCore/**"], snippet: "(?i)select" }\n    justification: reviewed for this test, the value is a constant\n    owner: appsec\n');
    const scan = (entry: string, out: string, extra: string[]) => execa(process.execPath, [entry, ...extra, 'scan', 'Shop.zip', '--config', 'ossast.yml', '--suppressions', 'supp.yml', '--cache', 'cache', '--out', out], { cwd: work, reject: false, env: { NO_COLOR: '1' } });
    // An option before the command: bin/ossast.js leaves that to the main bundle.
    const viaMain = await scan(bin, 'out-main', ['--quiet']);
    const own = await scan(bin, 'out-own', []);
    const sameAgain = await scan(join(repo, 'dist/bundle/scan-cli.js'), 'out-own2', []);
    const results = (out: string) => {
      const run = JSON.parse(readFileSync(join(work, out, 'results.sarif'), 'utf8')).runs[0];
      return run.results.map((r: { ruleId: string; partialFingerprints: Record<string, string>; suppressions?: { properties?: Record<string, unknown> }[] }) => `${r.ruleId} ${r.partialFingerprints['ossast/v2']} ${r.suppressions?.map((x) => x.properties?.['ossast/entry']).join(',') ?? ''}`).sort();
    };
    expect(viaMain.stderr).not.toContain('    at ');
    expect([viaMain.exitCode, own.exitCode, sameAgain.exitCode]).toEqual([1, 1, 1]);
    expect(results('out-own')).toEqual(results('out-main'));
    expect(results('out-own2')).toEqual(results('out-main'));
    expect(results('out-main').some((r: string) => r.endsWith(' shop-sql'))).toBe(true);
  });

  it('a refusal made in the main bundle (the suppression reader) keeps its exit code and hint under the gate\'s bundle', async () => {
    writeFileSync(join(dir, 'one.sarif'), log([result('App/Web/a.cs', 'x')]));
    writeFileSync(join(dir, 'broken.yml'), 'version: 1\nsuppressions:\n  - id: 1\n');
    const r = await ossast(['gate', 'one.sarif', '--suppressions', 'broken.yml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('broken.yml:3: suppressions.0.id: Invalid input: expected string, received number');
    expect(r.stderr).toContain('  hint: each entry needs id, match (at least one criterion) and justification');
    expect(r.stderr).not.toContain('    at ');
  });

  it('a log too big for one string is read by the streaming parser the gate loads from the main bundle', async () => {
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

  it('refuses an invalid log with zod\'s English message naming the field (exit 2), with only zod/mini loaded', async () => {
    const bad = join(dir, 'bad.sarif');
    writeFileSync(bad, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: {}, ruleIndex: 1.5 }] }] }));
    const r = await ossast(['gate', 'bad.sarif']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bad.sarif is not a valid SARIF 2.1.0 log: runs.0.results.0.ruleIndex: Invalid input: expected int, received number');
  });

  it('loads the RE2 engine when a suppression file has patterns, and the writer for --output', async () => {
    writeFileSync(join(dir, 'two.sarif'), log([result('App/Web/a.cs', 'var q = "SELECT " + x;'), result('App/Web/b.cs', 'Run(y);')]));
    writeFileSync(join(dir, 'supp.yml'), 'version: 1\nsuppressions:\n  - id: sel\n    match: { paths: ["App/**/a.cs"], snippet: "(?i)select\\\\s" }\n    justification: reviewed, the value is a constant\n    owner: appsec\n    expires: 2099-12-31\n');
    const r = await ossast(['gate', 'two.sarif', '--suppressions', 'supp.yml', '--output', 'out.sarif']);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 1 suppressed');
    expect(r.exitCode).toBe(1);
    const written = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(written.runs[0].results[0].suppressions[0].properties['ossast/entry']).toBe('sel');
    expect(written.runs[0].results[1].suppressions).toEqual([]);
  });
});
