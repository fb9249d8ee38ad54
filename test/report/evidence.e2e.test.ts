// End to end (real Semgrep): each module's own archive hash in the manifest and as a SARIF artifact, and a clean
// module reported as scanned and clean in every format.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { writeZip, zipBuffer } from '../support/zip.js';
import { GENERATED_HEADER } from '../support/shop.js';
import { validateSarif } from '../support/sarif-validate.js';

const root = tempDir();
const modules = {
  ShopCore: {
    'ShopCore.csproj': '<Project />',
    'Actions/ActionFindOrders.cs': `${GENERATED_HEADER}namespace ssShopCore {\n  public class Actions {\n    public static void ActionFindOrders(HeContext heContext, string inName) {\n      string sql = "SELECT * FROM ORDERS WHERE NAME = '" + inName + "'";\n      var cmd = new SqlCommand(sql, conn);\n    }\n  }\n}\n`,
  },
  ShopLib: {
    'ShopLib.csproj': '<Project />',
    'Actions/ActionFormat.cs': `${GENERATED_HEADER}namespace ssShopLib {\n  public class Actions {\n    public static string ActionFormat(string inName) { return inName.Trim(); }\n  }\n}\n`,
  },
};
const inner: Record<string, Buffer> = {};
for (const [name, files] of Object.entries(modules)) inner[`${name}.v4.zip`] = await zipBuffer(files);
const appZip = await writeZip(join(root, 'Shop.zip'), inner);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const out = join(root, 'out');
const run = await runCli(['scan', appZip, '--out', out, '--format', 'sarif,manifest,console,markdown,junit,html,gitlab-sast']);
const read = (name: string) => readFileSync(join(out, name), 'utf8');

describe('evidence per module (real Semgrep)', () => {
  it('scans and fails on the planted weakness', () => {
    expect(run.code, run.stderr).toBe(1);
  });

  it("records each module's own archive hash and size, and the package's beside it", () => {
    const m = JSON.parse(read('manifest.json'));
    const pkg = readFileSync(appZip);
    for (const [name, bytes] of [
      ['ShopCore', inner['ShopCore.v4.zip']!],
      ['ShopLib', inner['ShopLib.v4.zip']!],
    ] as const) {
      const t = m.targets.find((x: { id: string }) => x.id === `Shop/${name}`);
      expect(t.source).toEqual({ kind: 'app-zip', path: appZip, sha256: sha(bytes), bytes: bytes.length, archive: `${name}.v4.zip`, package: { sha256: sha(pkg), bytes: pkg.length } });
      expect(t.extraction).toMatchObject({ files: 2 });
    }
  });

  it('lists the module archives as SARIF artifacts nested in the package, and the log validates', async () => {
    const log = JSON.parse(read('results.sarif'));
    const artifacts = log.runs[0].artifacts;
    expect(artifacts[0]).toMatchObject({ location: { uri: 'Shop.zip' }, hashes: { 'sha-256': sha(readFileSync(appZip)) }, roles: ['analysisTarget'] });
    expect(artifacts.slice(1)).toEqual([
      expect.objectContaining({ location: { uri: 'ShopCore.v4.zip' }, parentIndex: 0, length: inner['ShopCore.v4.zip']!.length, hashes: { 'sha-256': sha(inner['ShopCore.v4.zip']!) }, roles: ['analysisTarget'] }),
      expect.objectContaining({ location: { uri: 'ShopLib.v4.zip' }, parentIndex: 0, hashes: { 'sha-256': sha(inner['ShopLib.v4.zip']!) }, properties: expect.objectContaining({ 'ossast/target': 'Shop/ShopLib', 'ossast/status': 'ok' }) }),
    ]);
    expect((await validateSarif(join(out, 'results.sarif'))).errors).toEqual([]);
  });

  it('shows the clean module as scanned and clean in every human and CI format', () => {
    expect(run.stdout).toMatch(/│ ShopLib\s+│ clean\s+│ 0\s+│/);
    expect(read('summary.md')).toContain('| Shop/ShopLib | clean | 0 | 0 | 0 | 0 | 0 |');
    expect(read('report.html')).toContain('<td>Shop/ShopLib</td><td class="ok">clean</td>');
    expect(read('junit.xml')).toContain('<testcase classname="Shop/ShopLib" name="scanned"><system-out>scanned and clean: no unsuppressed finding</system-out></testcase>');
    expect(JSON.parse(read('gl-sast-report.json')).scan.messages).toContainEqual({ level: 'info', value: '2 module(s) scanned; 1 clean (no unsuppressed finding): Shop/ShopLib' });
  });
});
