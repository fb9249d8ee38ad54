// Builds ZIP files for tests with yazl (a module ZIP from a file map, an app package from module ZIPs).
import { createWriteStream } from 'node:fs';
import { ZipFile } from 'yazl';

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

export function zipBuffer(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mtime: FIXED_DATE });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
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
