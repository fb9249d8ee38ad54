// Peak memory of `ossast scan` on decompression bombs: a .tar.gz of 1 and 8 MB (one entry of zeros), a .tar.gz of
// many entries, nested ZIPs and a .tar.gz inside a module ZIP. Each is refused; the figure is the peak RSS until then.
// Usage: node dist/bench/decompression-memory.js [--bin bin/ossast.js] [--only name]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/util/version.js';
import { tarGzBombBuffer, writeTarGzBomb, zipBombBuffer } from '../fixtures/bombs.js';

const GiB = 1024 ** 3;
const out = join(packageRoot(), 'bench', 'out', 'bombs');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const bin = arg('--bin') ?? join(packageRoot(), 'bin', 'ossast.js');
const only = arg('--only');

const cases: { name: string; file: string; make: (path: string) => Promise<unknown> }[] = [
  { name: 'tar.gz 1 MB, one entry of 1 GiB', file: 'one-1g.tar.gz', make: (p) => writeTarGzBomb(p, [{ name: 'zeros.bin', size: GiB }]) },
  { name: 'tar.gz 8 MB, one entry of 8 GiB', file: 'one-8g.tar.gz', make: (p) => writeTarGzBomb(p, [{ name: 'zeros.bin', size: 8 * GiB }]) },
  {
    name: 'tar.gz 1 MB, 1,000 entries of 1 MiB',
    file: 'many.tar.gz',
    make: (p) =>
      writeTarGzBomb(
        p,
        Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}.bin`, size: 1024 ** 2 })),
      ),
  },
  { name: 'ZIP > module ZIP > 1 GiB entry', file: 'nested.zip', make: async (p) => writeFileSync(p, await zipBombBuffer({ 'Mod.v1.zip': await zipBombBuffer({ 'zeros.bin': GiB }) })) },
  {
    name: 'module ZIP > source.tar.gz of 1 GiB',
    file: 'tar-in-zip.zip',
    make: async (p) => writeFileSync(p, await zipBombBuffer({ 'Mod.csproj': Buffer.from('<Project/>'), 'source.tar.gz': await tarGzBombBuffer([{ name: 'zeros.bin', size: GiB }]) })),
  },
];

mkdirSync(out, { recursive: true });
console.log(`bin: ${bin}`);
console.log('| input | size | exit | peak RSS | wall |');
console.log('|---|---|---|---|---|');
for (const c of cases) {
  if (only && !c.file.includes(only)) continue;
  const file = join(out, c.file);
  if (!existsSync(file)) await c.make(file);
  const target = join(out, `out-${c.file}`);
  await rm(target, { recursive: true, force: true });
  const r = await execa('/usr/bin/time', ['-v', 'node', bin, 'scan', file, '--out', target, '--format', 'sarif'], { reject: false, cwd: out });
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(r.stderr)?.[1] ?? '?';
  const exit = Number(/Exit status: (\d+)/.exec(r.stderr)?.[1] ?? r.exitCode);
  const { size } = await import('node:fs').then((fs) => fs.statSync(file));
  console.log(`| ${c.name} | ${(size / 1024 ** 2).toFixed(1)} MB | ${exit} | ${(rss / 1024).toFixed(0)} MB | ${wall} |`);
  await rm(target, { recursive: true, force: true });
}
