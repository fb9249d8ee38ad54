// The `ossast` command users run is the esbuild bundle (dist/bundle): what the in-process tests check of src/ must hold there too.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';
import { commandNames } from '../../src/cli/main.js';
import { writeShopPackage } from '../support/shop.js';
// @ts-expect-error bin/ is plain JavaScript without declarations
import { wrapSource } from '../../bin/command-bundle.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const dir = tempDir();
const ossast = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
const result = (uri: string, snippet: string) => ({ ruleId: 'R1', level: 'error', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, snippet: { text: snippet } } } }] });
/** Module names a CommonJS bundle requires (literal arguments). */
const required = (text: string) => [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
const builtin = (name: string) => builtinModules.includes(name.replace(/^node:/, ''));
// Runs `<command> ...args` from the command's bundle as bin/ossast.js does, but compiled without its code cache.
const uncached = join(dir, 'uncached.mjs');
writeFileSync(uncached, `const { compileCommandBundle } = await import(${JSON.stringify(pathToFileURL(join(repo, 'bin/command-bundle.js')).href)});\nawait compileCommandBundle(${JSON.stringify(join(repo, 'dist/bundle'))} + '/' + process.argv[2] + '-cli.cjs').exports.run();\n`);
const log = (results: unknown[]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules: [{ id: 'R1' }] } }, results }] });

describe('the bundled ossast command', () => {
  it('bin/ossast.js runs the bundle, and `gate` from its own single file that requires no chunk of the main bundle at start', () => {
    const text = readFileSync(bin, 'utf8');
    expect(text).toContain("join(__dirname, '..', 'dist', 'bundle')");
    expect(text).toContain("join(bundles, 'ossast.js')");
    expect(text).toContain('join(bundles, `${word}-cli.cjs`)');
    const gate = readFileSync(join(repo, 'dist/bundle/gate-cli.cjs'), 'utf8');
    // Nothing but Node.js's own modules by require; the main bundle's entries are reached through __lazy (an import()
    // that bin/command-bundle.js passes in) when a feature needs them.
    expect(required(gate)).toContain('node:fs');
    expect(required(gate).filter((r) => !builtin(r))).toEqual([]);
    expect([...gate.matchAll(/__lazy\("(\.\/[^"]+)"\)/g)].map((m) => m[1]).sort()).toEqual(['./lazy-report-content.js', './lazy-report-write.js', './lazy-scan-process.js', './lazy-streamparser.js', './lazy-suppress-load.js']);
  });

  it('exits 3 with what to do when a command\'s bundle cannot load, and 2 when nothing is built', async () => {
    // bin/ beside a dist/ of its own: a bundle whose top level throws, and no main bundle.
    const copyRoot = join(dir, 'broken-install');
    mkdirSync(join(copyRoot, 'bin'), { recursive: true });
    mkdirSync(join(copyRoot, 'dist/bundle'), { recursive: true });
    for (const f of ['ossast.js', 'command-bundle.js', 'seal-env.js', 'package.json']) copyFileSync(join(repo, 'bin', f), join(copyRoot, 'bin', f));
    writeFileSync(join(copyRoot, 'dist/bundle/gate-cli.cjs'), "throw new Error('the bundle is broken');\n");
    const broken = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), 'gate', 'x.sarif'], { cwd: dir, reject: false });
    expect(broken.exitCode).toBe(3);
    expect(broken.stderr).toContain('ossast: could not run: Error: the bundle is broken');
    expect(broken.stderr).toContain('Rebuild with `npm ci` (or `bash scripts/setup.sh`) in the ossast folder');
    const unbuilt = await execa(process.execPath, [join(copyRoot, 'bin/ossast.js'), '--version'], { cwd: dir, reject: false });
    expect(unbuilt.exitCode).toBe(2);
    expect(unbuilt.stderr).toBe('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.');
  });

  it('gives every command a one-file bundle of its own that loads no chunk, and bin/ossast.js starts it', async () => {
    for (const name of commandNames) {
      const text = readFileSync(join(repo, `dist/bundle/${name}-cli.cjs`), 'utf8');
      // Only Node.js's own modules are required; the gate alone reaches the main bundle's lazy entries; no import() is
      // left (code compiled from a cache cannot run one on Node.js 20) but the gate's, for when Node.js loads it.
      expect(required(text).filter((r) => !builtin(r)), name).toEqual([]);
      expect(text.match(/\bimport\([^)]*\)/g) ?? [], name).toEqual(name === 'gate' ? ['import(specifier)'] : []);
      if (name !== 'gate') expect(text.match(/__lazy\(/g) ?? [], name).toEqual([]);
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
    writeFileSync(join(work, 'supp.yml'), 'version: 1\nsuppressions:\n  - id: shop-sql\n    match: { ruleId: "*sql*", paths: ["Shop/ShopCore/**"], snippet: "(?i)select" }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n');
    const scan = (entry: string, out: string, extra: string[]) => execa(process.execPath, [entry, ...extra, 'scan', 'Shop.zip', '--config', 'ossast.yml', '--suppressions', 'supp.yml', '--cache', 'cache', '--out', out], { cwd: work, reject: false, env: { NO_COLOR: '1' } });
    // An option before the command: bin/ossast.js leaves that to the main bundle.
    const viaMain = await scan(bin, 'out-main', ['--quiet']);
    const own = await scan(bin, 'out-own', []);
    // The command's bundle once more, compiled without its code cache.
    const sameAgain = await scan(uncached, 'out-own2', []);
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
    writeFileSync(join(dir, 'supp.yml'), 'version: 1\nsuppressions:\n  - id: sel\n    match: { ruleId: R1, paths: ["App/**/a.cs"], snippet: "(?i)select\\\\s" }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n    expires: 2099-12-31\n');
    const r = await ossast(['gate', 'two.sarif', '--suppressions', 'supp.yml', '--output', 'out.sarif']);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 1 suppressed');
    expect(r.exitCode).toBe(1);
    const written = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(written.runs[0].results[0].suppressions[0].properties['ossast/entry']).toBe('sel');
    expect(written.runs[0].results[1].suppressions).toEqual([]);
  });
});

describe('the code cache of each command bundle (bin/command-bundle.js)', () => {
  const loader = pathToFileURL(join(repo, 'bin/command-bundle.js')).href;
  // The cache is V8's: named by its version (the same in this process and in the children below).
  const cacheOf = (file: string) => `${file}.${process.versions.v8}.v8cache`;
  /** In a fresh Node.js (the cache is V8's, for the flags of a plain run): loads `file`, prints the cache's state, runs the command. */
  const load = (file: string, args: string[]) =>
    execa(process.execPath, ['--input-type=module', '-e', `const { loadCommandBundle } = await import(${JSON.stringify(loader)}); const b = loadCommandBundle(process.argv[1]); console.error('cache: ' + b.cache); if (process.argv.length > 2) await b.exports.run();`, file, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
  const copy = (name: string) => {
    const to = join(dir, `cache-${name}`);
    mkdirSync(to, { recursive: true });
    copyFileSync(join(repo, 'dist/bundle/gate-cli.cjs'), join(to, 'gate-cli.cjs'));
    copyFileSync(cacheOf(join(repo, 'dist/bundle/gate-cli.cjs')), cacheOf(join(to, 'gate-cli.cjs')));
    // The bundle finds its version in the package.json above it.
    writeFileSync(join(to, 'package.json'), '{ "name": "ossast", "version": "0.0.0" }');
    return join(to, 'gate-cli.cjs');
  };

  it('is made by the build for every command and taken by the Node.js that built it', async () => {
    for (const name of commandNames) {
      const r = await load(join(repo, `dist/bundle/${name}-cli.cjs`), []);
      expect(r.stderr, name).toBe('cache: accepted');
      expect(r.exitCode, name).toBe(0);
    }
  });

  it('is not used for a bundle edited to the same length, which V8 alone would take: the edited bundle runs', async () => {
    writeFileSync(join(dir, 'pass.sarif'), log([]));
    const file = copy('stale');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('PASSED (exit 0)');
    writeFileSync(file, text.replace('PASSED (exit 0)', 'PASSEX (exit 0)'));
    // V8 checks the source's length only: without the hash it would run the bytecode of the old text.
    const v8 = new Script(wrapSource(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(cacheOf(file)).subarray(32) });
    expect(v8.cachedDataRejected).toBe(false);
    const r = await load(file, ['gate', 'pass.sarif']);
    expect(r.stderr).toContain('cache: stale');
    expect(r.stdout).toContain('PASSEX (exit 0)');
    expect(r.exitCode).toBe(0);
  });

  it('loaded by Node.js\'s loader (as without a cache for its V8), the gate reaches the suppression reader by import()', async () => {
    writeFileSync(join(dir, 'one-x.sarif'), log([result('App/Web/a.cs', 'x')]));
    writeFileSync(join(dir, 'supp-x.yml'), 'version: 1\nsuppressions:\n  - id: r1\n    match: { ruleId: R1 }\n    justification: reviewed in SEC-4, the rule fires on a constant that never holds user input\n    owner: appsec\n');
    const file = join(repo, 'dist/bundle/gate-cli.cjs');
    const r = await execa(process.execPath, ['-e', `require(${JSON.stringify(file)}).run()`, file, 'gate', 'one-x.sarif', '--suppressions', 'supp-x.yml'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
    expect(r.stdout).toContain('PASSED (exit 0): 0 unsuppressed finding(s) at or above error; 1 suppressed');
    expect(r.exitCode).toBe(0);
  });

  it('names the bundle\'s own path in stack traces, not the build\'s folder (Node.js 20\'s V8 keeps the name a cache was made under)', async () => {
    writeFileSync(join(dir, 'pass-stack.sarif'), log([]));
    const file = join(repo, 'dist/bundle/gate-cli.cjs');
    // The stack of the gate's first write to standard output: frames of the bundle, under the name V8 gave its script.
    const script = `const { loadCommandBundle } = await import(${JSON.stringify(loader)});
const b = loadCommandBundle(process.argv[1]);
let stack = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => { stack ||= new Error().stack; return write(chunk, ...rest); };
await b.exports.run();
console.error('cache: ' + b.cache + '\\n' + stack);`;
    const r = await execa(process.execPath, ['--input-type=module', '-e', script, file, 'gate', 'pass-stack.sarif'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('cache: accepted');
    const frames = r.stderr.split('\n').filter((l) => l.includes('gate-cli.cjs'));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toContain(`(${file}:`);
  });

  it('runs the command alike when V8 refuses the data, or the cache is missing or too short', async () => {
    writeFileSync(join(dir, 'fail.sarif'), log([result('App/Web/a.cs', 'x')]));
    const refused = copy('refused');
    const cache = readFileSync(cacheOf(refused));
    writeFileSync(cacheOf(refused), Buffer.concat([cache.subarray(0, 32), Buffer.alloc(cache.length - 32, 7)]));
    const absent = copy('absent');
    rmSync(cacheOf(absent));
    const short = copy('short');
    writeFileSync(cacheOf(short), cache.subarray(0, 32));
    for (const [file, state] of [[refused, 'rejected'], [absent, 'absent'], [short, 'stale']] as const) {
      const r = await load(file, ['gate', 'fail.sarif']);
      expect(r.stderr, state).toContain(`cache: ${state}`);
      expect(r.stdout, state).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error; 0 suppressed');
      expect(r.exitCode, state).toBe(1);
    }
  });
});
