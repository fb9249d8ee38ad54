// End to end on the demo application: its planted live payment key sits two lines above another finding, whose code
// context shows it; it appears in no file scan, gate or merge writes and on no stream. Real Semgrep.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { buildDemoPackage, corpusDir } from '../../src/demo/build-package.js';

const KEY_LINE = /gatewayApiKey = "([^"]+)"/;
const KEY = KEY_LINE.exec(readFileSync(join(corpusDir(), 'CustomerPortal/Actions/ActionCallPaymentGateway.cs'), 'utf8'))![1]!;
// The part after the kept first characters: none of it may be written.
const HIDDEN = KEY.slice(4);
const root = tempDir();

/** Every file under `dir` except the extracted sources and work folders (which hold the code itself). */
function writtenFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) return [p];
    return ['src', 'work', 'downloads'].includes(name) ? [] : writtenFiles(p);
  });
}

describe("the demo app's planted payment key (real Semgrep)", () => {
  it('the fixture still plants it where another finding shows it in its context', () => {
    expect(KEY).toMatch(/^pk_live_/);
    expect(HIDDEN.length).toBeGreaterThan(8);
  });

  it('scan, then gate and merge of its log: in no written file and no stream', async () => {
    const pkg = await buildDemoPackage(join(root, 'package'));
    const out = join(root, 'out');
    const scan = await runCli(['scan', pkg.appZip, '--out', out, '--format', 'sarif,console,markdown,html,junit,manifest,gitlab-sast,gitlab-codequality', '--sarif-profile', 'github', '--fail-on', 'none']);
    expect(scan.code, scan.stderr).toBe(0);
    const log = join(out, 'results.sarif');
    const contexts = JSON.parse(readFileSync(log, 'utf8'))
      .runs.flatMap((r: { results: { locations: { physicalLocation: { contextRegion?: { snippet?: { text: string } } } }[] }[] }) => r.results)
      .map((r: { locations: { physicalLocation: { contextRegion?: { snippet?: { text: string } } } }[] }) => r.locations[0]?.physicalLocation.contextRegion?.snippet?.text ?? '');
    // The masked form is there: the finding next to it is still reported with its context.
    expect(contexts.some((c: string) => c.includes(`gatewayApiKey = "${KEY.slice(0, 4)}…"`))).toBe(true);
    const gate = await runCli(['gate', log, '--output', join(root, 'gated.sarif'), '--fail-on', 'none']);
    const merge = await runCli(['merge', log, '--source-root', join(out, 'src'), '--output', join(root, 'merged.sarif')]);
    expect(merge.code, merge.stderr).toBe(0);
    const files = [...writtenFiles(out), join(root, 'gated.sarif'), join(root, 'merged.sarif')];
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(HIDDEN);
    for (const text of [scan.stdout, scan.stderr, gate.stdout, gate.stderr, merge.stdout, merge.stderr]) expect(text).not.toContain(HIDDEN);
  }, 180_000);
});
