// What the built code loads is a runtime dependency of the package, and nothing a build or a test needs is one.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Package names a source file loads: static and dynamic imports, type imports, and createRequire(...)('x'). */
function loaded(text: string): string[] {
  const specs = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|createRequire\(import\.meta\.url\)\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('the package dependencies', () => {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const used = new Set(files.flatMap((f) => loaded(readFileSync(join(ROOT, 'src', f), 'utf8'))));

  it('every package the product loads (types included: the .d.ts files name them) is a dependency', () => {
    const declared = (name: string) => name in pkg.dependencies || `@types/${name}` in pkg.dependencies;
    expect([...used].filter((n) => !declared(n))).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });

  it('every dependency is loaded by the product, and no build or test tool is one', () => {
    const loadedOrTyped = (name: string) => used.has(name) || used.has(name.replace(/^@types\//, ''));
    expect(Object.keys(pkg.dependencies).filter((n) => !loadedOrTyped(n))).toEqual([]);
    for (const tool of ['typescript', 'vitest', '@biomejs/biome', '@swc/core', 'dependency-cruiser', 'execa', 'playwright-core']) expect(Object.keys(pkg.dependencies)).not.toContain(tool);
  });
});
