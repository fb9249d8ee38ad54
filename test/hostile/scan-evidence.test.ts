// "Scanned" needs positive evidence: a scanner output that does not show which files were analysed (no runs, no
// results array, no or foreign artifacts, no output at all) fails the run (exit 3) naming the scanner and the target;
// a tool that cannot say is "coverage unknown", which passes only when the user accepts it for that scanner.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';

const base = tempDir();
const app = join(base, 'Shop.zip');
const FILES = { M1: ['Actions/ActionFind.cs', 'Web.config'], M2: ['Actions/ActionSave.cs'] } as const;
const all = Object.entries(FILES).flatMap(([m, fs]) => fs.map((f) => `Shop/${m}/${f}`));

/** The stand-in tool: writes what its variant file says to {out}, "@SRC@" replaced by the {src} it was given. */
const TOOL = `import { readFileSync, writeFileSync } from 'node:fs';
const [src, out, variant] = process.argv.slice(2);
const v = JSON.parse(readFileSync(variant, 'utf8'));
if (v.text !== undefined) writeFileSync(out, v.text.split('@SRC@').join(JSON.stringify(src).slice(1, -1)));
process.exit(v.exit ?? 0);
`;

let n = 0;
let tool: string;
beforeAll(async () => {
  await writeAppPackage(app, Object.fromEntries(Object.entries(FILES).map(([m, fs]) => [m, Object.fromEntries(fs.map((f) => [f, 'class A { void F() { } }\n']))])));
  writeFileSync(join(base, 'tool.mjs'), TOOL);
  tool = writeScript(base, 'tool.sh', `exec node ${JSON.stringify(join(base, 'tool.mjs'))} "$@"`);
});

/** Scans the package with a command scanner writing `variant`; `coverage` is the scanner's coverage setting. */
async function scan(variant: { text?: string; exit?: number }, opts: { coverage?: string; extra?: string[] } = {}) {
  const dir = join(base, `ws${++n}`);
  mkdirSync(dir, { recursive: true });
  const v = join(dir, 'variant.json');
  writeFileSync(v, JSON.stringify(variant));
  const cfg = join(dir, 'ossast.yml');
  writeFileSync(cfg, `version: 1\nscanners:\n  - type: command\n    name: evil\n    command: [${JSON.stringify(tool)}, "{src}", "{out}", ${JSON.stringify(v)}]\n${opts.coverage ? `    coverage: ${opts.coverage}\n` : ''}`);
  const out = join(dir, 'out');
  const r = await runCli(['scan', app, '--config', cfg, '--out', out, '--format', 'sarif,console,manifest', ...(opts.extra ?? [])], { cwd: dir });
  const manifest = (() => {
    try {
      return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    } catch {
      return undefined;
    }
  })();
  return { ...r, text: r.stdout + r.stderr, manifest };
}

const sarif = (run: Record<string, unknown> | null, runs?: unknown) => JSON.stringify({ version: '2.1.0', runs: runs ?? [{ tool: { driver: { name: 'EvilTool' } }, invocations: [{ executionSuccessful: true }], ...run }] });
/** artifacts for `paths`, written in several URI forms a tool may use. */
const FORMS: Record<string, (p: string) => Record<string, unknown>> = {
  relative: (p) => ({ location: { uri: p } }),
  'dot-relative': (p) => ({ location: { uri: `./${p}` } }),
  'with uriBaseId': (p) => ({ location: { uri: p, uriBaseId: '%SRCROOT%' } }),
  'absolute file URI': (p) => ({ location: { uri: `file://@SRC@/${p}` } }),
  'absolute path': (p) => ({ location: { uri: `@SRC@/${p}` } }),
};
const artifacts = (paths: string[], form: keyof typeof FORMS = 'relative') => paths.map(FORMS[form]!);

describe('a scanner that shows it analysed every target passes', () => {
  for (const form of Object.keys(FORMS)) {
    it(`artifacts as ${form}, results []: exit 0`, async () => {
      const r = await scan({ text: sarif({ artifacts: artifacts(all, form), results: [] }) });
      expect(r.code, r.text).toBe(0);
      expect(r.stdout).toContain('PASSED (exit 0)');
      expect(r.manifest.targets.map((t: { scan: { scannedBy: Record<string, number> } }) => t.scan.scannedBy['evil'])).toEqual([2, 1]);
    });
  }
});

/** Outputs that show nothing was analysed, or that are not a result set at all: each fails (exit 3). */
const FAILING: { name: string; variant: { text?: string; exit?: number }; says: RegExp; target?: string }[] = [
  { name: 'no runs', variant: { text: sarif(null, []) }, says: /evil.*wrote a SARIF log with no runs/ },
  { name: 'a run without results', variant: { text: sarif({ artifacts: artifacts(all) }) }, says: /runs\[0\] has no results array: the tool produced no result set/ },
  { name: 'results: null', variant: { text: sarif({ artifacts: artifacts(all), results: null }) }, says: /evil.*runs\.0\.results/ },
  {
    name: 'two runs, one without results',
    variant: {
      text: sarif(null, [
        { tool: { driver: { name: 'A' } }, artifacts: artifacts(all), results: [] },
        { tool: { driver: { name: 'B' } }, artifacts: artifacts(all) },
      ]),
    },
    says: /runs\[1\] has no results array/,
  },
  { name: 'no artifacts (coverage unknown)', variant: { text: sarif({ results: [] }) }, says: /coverage unknown: scanner\(s\) evil did not report which files they analysed/, target: 'Shop/M1' },
  { name: 'artifacts: []', variant: { text: sarif({ artifacts: [], results: [] }) }, says: /none of its 2 file\(s\) was scanned by any scanner \(evil: 0\)/, target: 'Shop/M1' },
  ...['file:///etc/passwd', '../outside/Shop/M1/Web.config', '/tmp/Shop/M1/Web.config', 'C:\\src\\Shop\\M1\\Web.config', 'Shop/M1/../../../x.cs'].map((uri) => ({
    name: `artifacts outside the targets (${uri})`,
    variant: { text: sarif({ artifacts: [{ location: { uri } }], results: [] }) },
    says: /none of its \d file\(s\) was scanned by any scanner \(evil: 0\)/,
    target: 'Shop/M1',
  })),
  {
    name: 'artifacts listing only one target',
    variant: { text: sarif({ artifacts: artifacts(all.filter((p) => p.startsWith('Shop/M1/'))), results: [] }) },
    says: /none of its 1 file\(s\) was scanned by any scanner \(evil: 0\)/,
    target: 'Shop/M2',
  },
  { name: 'exit 0 and no output file', variant: {}, says: /evil.*exited but wrote no SARIF log/ },
  { name: 'an empty output file', variant: { text: '' }, says: /evil.*is not JSON/ },
  ...[' ', '\n', ' \t\r\n '].map((ws) => ({ name: `an output of white space only (${JSON.stringify(ws)})`, variant: { text: ws }, says: /evil.*is not JSON/ })),
  { name: 'JSON null', variant: { text: 'null' }, says: /evil.*not a valid SARIF 2\.1\.0 log/ },
  { name: '{}', variant: { text: '{}' }, says: /evil.*not a valid SARIF 2\.1\.0 log/ },
];

describe('a scanner that does not show it analysed the targets fails the run (exit 3), naming scanner and target', () => {
  for (const f of FAILING) {
    it(f.name, async () => {
      const r = await scan(f.variant);
      expect(r.code, r.text).toBe(3);
      expect(r.stdout).toContain('INCOMPLETE (exit 3)');
      expect(r.text).toMatch(f.says);
      expect(r.text).toContain('evil');
      if (f.target) expect(r.text).toContain(`${f.target}: scan:`);
      if (r.manifest) {
        expect(r.manifest.gate.exitCode).toBe(3);
        if (f.target) expect(r.manifest.targets.find((t: { id: string }) => t.id === f.target).status).toBe('failed');
      }
    });
  }
});

describe('coverage unknown, accepted by the user', () => {
  it('passes only with coverage: unknown-accepted on that scanner, and the manifest records it', async () => {
    const variant = { text: sarif({ results: [] }) };
    const refused = await scan(variant);
    expect(refused.code).toBe(3);
    const accepted = await scan(variant, { coverage: 'unknown-accepted' });
    expect(accepted.code, accepted.text).toBe(0);
    expect(accepted.manifest.scanners[0]).toMatchObject({ name: 'evil', coverage: 'unknown-accepted' });
    for (const t of accepted.manifest.targets) expect(t.scan).toMatchObject({ scannedBy: { evil: null }, coverageUnknownAccepted: ['evil'] });
  });

  it('the acceptance does not excuse a failed output: no results array still exits 3', async () => {
    const r = await scan({ text: sarif({}) }, { coverage: 'unknown-accepted' });
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/has no results array/);
  });

  it('an unknown coverage value is refused (exit 2) naming the field', async () => {
    const r = await scan({ text: sarif({ results: [] }) }, { coverage: 'trust-me' });
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/coverage/);
  });

  it('--allow-partial accepts an unknown coverage as PARTIAL, and says so', async () => {
    const r = await scan({ text: sarif({ results: [] }) }, { extra: ['--allow-partial'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PARTIAL results accepted');
  });
});
