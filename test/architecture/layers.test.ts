// The import rules of docs/architecture.md, checked with dependency-cruiser (.dependency-cruiser.cjs): no cycle, each
// layer imports only the layers below it, product code never imports tests or fixtures.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const CRUISER = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** Runs the checker in `cwd` over `paths`; its violations (it exits non-zero when there are any). */
function cruise(cwd: string, paths: string[]): { violations: Violation[]; modules: number } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CRUISER, ...paths, '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 ** 2, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    if (!e.stdout) throw new Error(`dependency-cruiser did not run: ${e.stderr ?? String(err)}`);
    out = e.stdout;
  }
  const json = JSON.parse(out) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: json.summary.violations, modules: json.summary.totalCruised };
}

const shown = (v: Violation[]) => v.map((x) => `${x.rule.name}: ${x.from} → ${x.to}${x.cycle ? ` (cycle ${x.cycle.map((c) => c.name).join(' → ')})` : ''}`);

describe('architecture', () => {
  it('has no import cycle, no import against the layer order, and no product import of tests or fixtures', () => {
    const { violations, modules } = cruise(ROOT, ['src', 'bin', 'scripts']);
    expect(modules).toBeGreaterThan(150);
    expect(shown(violations)).toEqual([]);
  }, 120_000);

  // The checker must be able to fail: a tree with one wrong import of each kind gives exactly those violations.
  it('reports an import against the order, a cycle, a product import of a fixture and an unknown folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossast-layers-'));
    try {
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
        'src/util/early.ts': "import { late } from '../pipeline/late.js';\nexport const early = late;\n",
        'src/pipeline/late.ts': 'export const late = 1;\n',
        'src/scan/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/scan/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
        'src/report/uses-fixture.ts': "import { f } from '../../fixtures/f.js';\nexport const g = f;\n",
        'fixtures/f.ts': 'export const f = 1;\n',
        'src/model/uses-new.ts': "import { n } from '../newfolder/n.js';\nexport const m = n;\n",
        'src/newfolder/n.ts': 'export const n = 1;\n',
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const rules = cruise(dir, ['src'])
        .violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
        .sort();
      expect(rules).toEqual(
        [
          'known-folders: src/model/uses-new.ts → src/newfolder/n.ts',
          'no-circular: src/scan/a.ts → src/scan/b.ts',
          'order-util: src/util/early.ts → src/pipeline/late.ts',
          'product-not-tests: src/report/uses-fixture.ts → fixtures/f.ts',
        ].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
