// Builds ZIP files for tests with yazl (a module ZIP from a file map, an app package from module ZIPs).
import { createWriteStream } from 'node:fs';
import { zipToBuffer } from '../../src/demo/zip.js';

export function zipBuffer(files: Record<string, string | Buffer>): Promise<Buffer> {
  return zipToBuffer(Object.entries(files).map(([name, content]) => ({ name, data: Buffer.isBuffer(content) ? content : Buffer.from(content) })));
}

export async function writeZip(path: string, files: Record<string, string | Buffer>): Promise<string> {
  const buf = await zipBuffer(files);
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.end(buf, () => resolve());
  });
  return path;
}

/** An application package as LifeTime delivers it: one inner `<Module>.v<N>.zip` per module. */
export async function writeAppPackage(path: string, modules: Record<string, Record<string, string | Buffer>>): Promise<string> {
  const inner: Record<string, Buffer> = {};
  for (const [name, files] of Object.entries(modules)) inner[`${name}.v1.zip`] = await zipBuffer(files);
  return writeZip(path, inner);
}
