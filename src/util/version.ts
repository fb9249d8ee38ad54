// ossast's own version and install folder, read from package.json.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the ossast package (the folder holding package.json), from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'ossast') return dir;
    } catch {
      // not here: go up
    }
    dir = dirname(dir);
  }
  throw new Error('ossast: cannot find its own package.json');
}

let cached: string | undefined;
export function ossastVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}

/** The Node.js versions ossast supports: package.json's engines.node (e.g. ">=22.15 <25"). */
export function ossastEngines(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { engines?: { node?: unknown } };
  return typeof pkg.engines?.node === 'string' ? pkg.engines.node : '';
}
