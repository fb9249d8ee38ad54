// Sharding local inputs with a command scanner: each shard's tool is given a root holding only that shard's targets
// (and "{targets}", one argument per target folder), so the shards' logs join into the full run's findings and verdict.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';

const dir = tempDir();
const app = join(dir, 'Factory.zip');
const cfg = join(dir, 'ossast.yml');
const MODULES = 9;

/**
 * The stand-in tool: lists every file under {src} as an artifact (relative), reports each .cs file at line 1 with an
 * absolute file URI, and writes what it saw (its root, its {targets} arguments, its files) beside {out}.
 */
const TOOL = `import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
const [src, out, ...targets] = process.argv.slice(2);
const files = readdirSync(src, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(src, join(e.parentPath, e.name)).split('\\\\').join('/')).sort();
writeFileSync(out + '.seen.json', JSON.stringify({ src, targets: targets.map((t) => relative(src, t)), files }));
const results = files.filter((f) => f.endsWith('.cs')).map((f) => ({ ruleId: 'tool.sqli', message: { text: 'SQL built from input' }, locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(join(src, f)).href }, region: { startLine: 1 } } }] }));
writeFileSync(out, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ToyTool', rules: [{ id: 'tool.sqli', defaultConfiguration: { level: 'error' } }] } }, artifacts: files.map((uri) => ({ location: { uri } })), results }] }));
`;

const seen = (out: string) => JSON.parse(readFileSync(join(out, 'work', 'toy', 'toy.sarif.seen.json'), 'utf8')) as { src: string; targets: string[]; files: string[] };
const json = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
const findings = (f: string) =>
  json(f)
    .runs.flatMap((r: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }) =>
      r.results.map((x) => `${x.ruleId} ${x.level} ${x.locations[0]!.physicalLocation.artifactLocation.uri}`),
    )
    .sort();
const scan = (out: string, ...extra: string[]) => runCli(['scan', app, '--config', cfg, '--out', out, '--format', 'sarif,manifest', ...extra], { cwd: dir });

let full: Awaited<ReturnType<typeof scan>>;
const shards: Awaited<ReturnType<typeof scan>>[] = [];
beforeAll(async () => {
  await writeAppPackage(app, Object.fromEntries(Array.from({ length: MODULES }, (_, i) => [`M${i}`, { [`Actions/ActionFind${i}.cs`]: `class A${i} {}\n`, 'Web.config': '<configuration />\n' }])));
  writeFileSync(join(dir, 'tool.mjs'), TOOL);
  const tool = writeScript(dir, 'tool.sh', `exec node ${JSON.stringify(join(dir, 'tool.mjs'))} "$@"`);
  writeFileSync(cfg, `version: 1\nscanners:\n  - type: command\n    name: toy\n    command: [${JSON.stringify(tool)}, "{src}", "{out}", "{targets}"]\n`);
  full = await scan(join(dir, 'full'));
  for (const i of [1, 2, 3]) shards.push(await scan(join(dir, `shard-${i}`), '--shard', `${i}/3`));
}, 120_000);

describe('local inputs, a command scanner, 3 shards', () => {
  it("each shard's tool sees exactly its own targets: under {src}, and as {targets}", () => {
    expect(full.code, full.stderr).toBe(1);
    const all: string[] = [];
    for (const [i, r] of shards.entries()) {
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const out = join(dir, `shard-${i + 1}`);
      const own = (json(join(out, 'manifest.json')).targets as { id: string }[]).map((t) => t.id).sort();
      const s = seen(out);
      expect([...new Set(s.files.map((f) => f.split('/').slice(0, 2).join('/')))].sort()).toEqual(own);
      expect([...s.targets].sort()).toEqual(own);
      all.push(...s.files);
    }
    // Together, every file once; the unsharded run's tool saw them all.
    expect(all.sort()).toEqual(seen(join(dir, 'full')).files);
    expect(all).toHaveLength(2 * MODULES);
  });

  it("ossast merge joins the shards into the full run's findings and verdict", async () => {
    const out = join(dir, 'joined', 'results.sarif');
    const merged = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), '--output', out], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(0);
    expect(findings(out)).toEqual(findings(join(dir, 'full', 'results.sarif')));
    expect(findings(out)).toHaveLength(MODULES);
    const gateFull = await runCli(['gate', join(dir, 'full', 'results.sarif')]);
    const gateJoined = await runCli(['gate', out]);
    expect(gateJoined.code).toBe(1);
    expect(gateJoined.stdout).toBe(gateFull.stdout);
    expect(json(join(dir, 'joined', 'manifest.json')).gate).toMatchObject({ exitCode: 1 });
  });
});
