// Builds the demo application package from demo/app/: one inner <Module>.v<N>.zip per module, byte-for-byte reproducible.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256Hex } from '../util/hash.js';
import { zipToBuffer } from './zip.js';
import { packageRoot } from '../util/version.js';

export interface DemoPackage {
  appName: string;
  appZip: string;
  sha256: string;
  modules: { name: string; kind: 'eSpace' | 'Extension'; zip: string }[];
}

const APP = 'CustomerPortal';
/** Module versions as LifeTime would number them. */
const VERSIONS: Record<string, number> = { CustomerPortal: 12, CustomerPortal_Core: 7, CustomerPortal_Reactive: 3 };

export const corpusDir = (): string => join(packageRoot(), 'demo', 'app', APP);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const zip = (entries: { name: string; data: Buffer }[]) => zipToBuffer(entries.map((e) => ({ ...e, mode: 0o100644 })));

export async function buildDemoPackage(outDir: string): Promise<DemoPackage> {
  await mkdir(join(outDir, 'modules'), { recursive: true });
  const root = corpusDir();
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const modules: DemoPackage['modules'] = [];
  const inner: { name: string; data: Buffer }[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const files = await filesUnder(dir);
    const data = await zip(await Promise.all(files.map(async (f) => ({ name: relative(dir, f).split(sep).join('/'), data: await readFile(f) }))));
    const file = `${name}.v${VERSIONS[name] ?? 1}.zip`;
    await writeFile(join(outDir, 'modules', file), data);
    modules.push({ name, kind: 'eSpace', zip: join(outDir, 'modules', file) });
    inner.push({ name: file, data });
  }
  const app = await zip(inner);
  const appZip = join(outDir, `${APP}.zip`);
  await writeFile(appZip, app);
  return { appName: APP, appZip, sha256: sha256Hex(app), modules };
}
