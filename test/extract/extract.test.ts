// Safe extraction: layouts of real packages, and every refusal, with nothing ever written outside the target.
import { describe, expect, it } from 'vitest';
import { MARKER_FILE } from '../../src/util/output-root.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import { ZipFile } from 'yazl';
import { randomBytes } from 'node:crypto';
import { extractSources } from '../../src/extract/index.js';
import { extractZip, loadArchive } from '../../src/extract/zip.js';
import { EntryWriters } from '../../src/extract/writers.js';
import { Budget } from '../../src/extract/guard.js';
import { defaultExtractLimits, type ExtractLimits } from '../../src/extract/limits.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { PipelineError } from '../../src/util/errors.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { writeAppPackage, writeZip, zipBuffer } from '../support/zip.js';
import { runCli } from '../support/cli.js';

const root = tempDir();
let n = 0;
const fresh = () => join(root, `case-${++n}`);

async function extract(path: string, limits: Partial<ExtractLimits> = {}) {
  const base = fresh();
  const out = join(base, 'out');
  mkdirSync(base, { recursive: true });
  const before = readdirSync(base);
  let error: unknown;
  let result;
  try {
    result = await extractSources([{ path }], out, { limits: { ...defaultExtractLimits, ...limits }, log: createMemoryLogger() });
  } catch (err) {
    error = err;
  }
  // Nothing may appear beside the output folder, whatever happened.
  expect(readdirSync(base).filter((f) => f !== 'out')).toEqual(before);
  return { result, error, out, message: error instanceof Error ? error.message : '' };
}

/** Writes a ZIP whose entry names yazl would refuse: build with same-length placeholders, then patch the bytes. */
async function zipWithNames(path: string, names: Record<string, string>): Promise<string> {
  const buf = await zipBuffer(Object.fromEntries(Object.keys(names).map((k) => [k, `content of ${k}`])));
  let s = buf.toString('latin1');
  for (const [placeholder, real] of Object.entries(names)) {
    expect(real.length).toBe(placeholder.length);
    s = s.split(placeholder).join(real);
  }
  writeFileSync(path, Buffer.from(s, 'latin1'));
  return path;
}

describe('layouts', () => {
  it('an application package expands to <App>/<Module>/ per inner <Module>.vN.zip', async () => {
    const zip = await writeAppPackage(join(root, 'Shop.zip'), { ShopCore: { 'ShopCore.csproj': 'x', 'Actions/A.cs': 'a' }, ShopUI: { 'scripts/ShopUI.controller.js': 'b' } });
    const { result } = await extract(zip);
    expect(result!.targets.map((t) => [t.id, t.application, t.module, t.origin.kind])).toEqual([
      ['Shop/ShopCore', 'Shop', 'ShopCore', 'app-zip'],
      ['Shop/ShopUI', 'Shop', 'ShopUI', 'app-zip'],
    ]);
    expect(readFileSync(join(result!.targets[0]!.dir, 'Actions/A.cs'), 'utf8')).toBe('a');
    expect(result!.targets[0]!.origin.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result!.files).toBe(3);
  });
  it('a module ZIP expands to <Module>/', async () => {
    const zip = await writeZip(join(root, 'Billing.v4.zip'), { 'Billing.csproj': 'x', 'Web.config': '<c/>' });
    const { result } = await extract(zip);
    expect(result!.targets.map((t) => t.id)).toEqual(['Billing']);
  });
  it('a .tar.gz expands to <name>/, and a folder is copied', async () => {
    const src = join(root, 'native');
    writeTree(src, { 'source/platforms/android/Main.java': 'class M {}' });
    const tgz = join(root, 'source.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: src }, ['source']);
    const t = await extract(tgz);
    expect(t.result!.targets.map((x) => x.id)).toEqual(['source']);
    expect(existsSync(join(t.out, 'source/source/platforms/android/Main.java'))).toBe(true);
    const f = await extract(src);
    expect(f.result!.targets.map((x) => [x.id, x.origin.kind])).toEqual([['native', 'folder']]);
  });
  it("a module's nested source.tar.gz is expanded beside it", async () => {
    const src = join(root, 'nat2');
    writeTree(src, { 'source/platforms/ios/App.swift': 'let x = 1' });
    const tgz = join(root, 'nested.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: src }, ['source']);
    const zip = await writeZip(join(root, 'Mobile.v1.zip'), { 'Mobile.csproj': 'x', 'native/source.tar.gz': readFileSync(tgz) });
    const { out } = await extract(zip);
    expect(existsSync(join(out, 'Mobile/native/source.tar.gz.extracted/source/platforms/ios/App.swift'))).toBe(true);
  });
});

describe('refusals (each a PipelineError naming archive, entry and rule)', () => {
  it.each([
    ['absolute path', { 'aetc/passwd.cs': '/etc/passwd.cs' }, 'entry "/etc/passwd.cs" has an absolute path'],
    ['".." segments', { 'aa/ab/evil.cs': '../../evil.cs' }, 'entry "../../evil.cs" contains ".." and would be written outside the target folder'],
    ['drive letter', { 'abcd/evil.cs': 'C:/x/evil.cs' }, 'entry "C:/x/evil.cs" has a drive letter (absolute Windows path)'],
    ['backslash traversal', { 'abcdevil.cs': '..\\\\evil.cs' }, 'contains ".." and would be written outside the target folder'],
  ])('%s', async (_kind, names, message) => {
    const zip = await zipWithNames(join(root, `bad-${n}.zip`), names);
    const { error, message: m } = await extract(zip);
    expect(error).toBeInstanceOf(PipelineError);
    expect(m).toContain('refused to extract bad-');
    expect(m).toContain(message);
  });

  it('a symlink pointing outside (ZIP)', async () => {
    const z = new ZipFile();
    z.addBuffer(Buffer.from('x'), 'Mod.csproj');
    z.addBuffer(Buffer.from('../../../etc/passwd'), 'Actions/link.cs', { mode: 0o120777 });
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream) chunks.push(c as Buffer);
    const zip = join(root, 'symlink.zip');
    writeFileSync(zip, Buffer.concat(chunks));
    const { message } = await extract(zip);
    expect(message).toBe('refused to extract symlink.zip: entry "Actions/link.cs" is a symlink to "../../../etc/passwd", outside the target folder');
  });

  it('a symlink pointing outside (tar.gz)', async () => {
    const src = join(root, 'tarlink');
    mkdirSync(src, { recursive: true });
    symlinkSync('/etc/passwd', join(src, 'passwd'));
    const tgz = join(root, 'link.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: src }, ['passwd']);
    const { message } = await extract(tgz);
    expect(message).toBe('refused to extract link.tar.gz: entry "passwd" is a symlink to "/etc/passwd", outside the target folder');
  });

  it('".." inside a tar.gz', async () => {
    const src = join(root, 'tardots', 'inner');
    writeTree(join(root, 'tardots'), { 'evil.txt': 'x', 'inner/ok.txt': 'y' });
    const tgz = join(root, 'dots.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: src, preservePaths: true }, ['../evil.txt']);
    const { message } = await extract(tgz);
    expect(message).toContain('refused to extract dots.tar.gz: entry "../evil.txt" contains ".."');
  });

  it('too many entries', async () => {
    const zip = await writeZip(join(root, 'many.zip'), Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.cs`, 'x'])));
    const { message } = await extract(zip, { maxEntries: 10 });
    expect(message).toBe('refused to extract many.zip: entry "f18.cs" goes over the limit of 10 entries');
  });

  it('too many bytes in total', async () => {
    const zip = await writeZip(join(root, 'big.zip'), { 'a.bin': Buffer.alloc(600_000, 1), 'b.bin': Buffer.alloc(600_000, 2) });
    const { message } = await extract(zip, { maxTotalBytes: 1_000_000 });
    expect(message).toMatch(/^refused to extract big\.zip: entry "b\.bin" goes over the limit of 1 MB extracted in total/);
  });

  it('a compression-ratio bomb', async () => {
    const zip = await writeZip(join(root, 'bomb.zip'), { 'zeros.cs': Buffer.alloc(20 * 1024 * 1024) });
    const { message } = await extract(zip);
    expect(message).toMatch(/^refused to extract bomb\.zip: entry "zeros\.cs" expands \d+x \(limit 200x\): looks like a ZIP bomb$/);
  });

  it('an entry whose header understates its size (headers can lie)', async () => {
    const buf = await zipBuffer({ 'liar.cs': Buffer.alloc(500_000, 0x20) });
    // Patch the declared uncompressed size (local header offset 22, central header offset 24) to 100 bytes.
    buf.writeUInt32LE(100, 22);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(100, central + 24);
    const liar = join(root, 'liar.zip');
    writeFileSync(liar, buf);
    const { message } = await extract(liar);
    expect(message).toMatch(/^cannot read liar\.zip: not a valid ZIP file \(entry "liar\.cs" cannot be inflated/);
  });

  it('archives nested too deep', async () => {
    const zip = await writeAppPackage(join(root, 'Deep.zip'), { M: { 'M.csproj': 'x' } });
    const { message } = await extract(zip, { maxDepth: 1 });
    expect(message).toBe('refused to extract Deep.zip: archives nested deeper than 1 levels');
  });

  it('a corrupt ZIP names the file', async () => {
    const bad = join(root, 'corrupt.zip');
    writeFileSync(bad, 'PK\u0003\u0004garbage');
    const { message, error } = await extract(bad);
    expect(error).toBeInstanceOf(PipelineError);
    expect(message).toMatch(/^cannot read corrupt\.zip: not a valid ZIP file \(/);
  });

  it('a truncated ZIP names the file', async () => {
    const good = readFileSync(await writeZip(join(root, 'full.zip'), { 'a.cs': 'x'.repeat(5000), 'b.cs': 'y'.repeat(5000) }));
    const cut = join(root, 'truncated.zip');
    writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    const { message } = await extract(cut);
    expect(message).toMatch(/^cannot read truncated\.zip: not a valid ZIP file/);
  });
});

describe('ossast extract', () => {
  it('prints the targets and exits 0', async () => {
    const zip = await writeAppPackage(join(root, 'Cli.zip'), { CliCore: { 'CliCore.csproj': 'x' } });
    const r = await runCli(['extract', zip, '--out', join(root, 'cli-out')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Cli/CliCore\t${join(root, 'cli-out', 'Cli', 'CliCore')}`);
  });
  it('exits 3 on a refusal and 2 on a bad flag', async () => {
    const zip = await writeZip(join(root, 'cli-many.zip'), { 'a.cs': 'x', 'b.cs': 'y' });
    const r = await runCli(['extract', zip, '--out', join(root, 'cli-out2'), '--max-entries', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('goes over the limit of 1 entries');
    expect((await runCli(['extract', zip, '--out', join(root, 'x'), '--max-entries', 'lots'])).code).toBe(2);
  });
});

describe('how entries are written', () => {
  const zipOf = async (path: string, add: (z: ZipFile) => void) => {
    const z = new ZipFile();
    add(z);
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream) chunks.push(c as Buffer);
    writeFileSync(path, Buffer.concat(chunks));
    return path;
  };

  it('stored, deflated and large (streamed) entries come out byte for byte', async () => {
    const big = randomBytes(9 * 1024 * 1024);
    const zip = await zipOf(join(root, 'Kinds.v1.zip'), (z) => {
      z.addBuffer(Buffer.from('stored, not compressed'), 'a.txt', { compress: false });
      z.addBuffer(Buffer.from('deflated '.repeat(5000)), 'sub/b.cs');
      z.addBuffer(big, 'bin/big.bin');
    });
    const { result, out } = await extract(zip);
    expect(result!.files).toBe(3);
    expect(readFileSync(join(out, 'Kinds/a.txt'), 'utf8')).toBe('stored, not compressed');
    expect(readFileSync(join(out, 'Kinds/sub/b.cs'), 'utf8')).toBe('deflated '.repeat(5000));
    expect(readFileSync(join(out, 'Kinds/bin/big.bin')).equals(big)).toBe(true);
  });

  it('an entry that appears twice is refused', async () => {
    const zip = await zipOf(join(root, 'twice.zip'), (z) => {
      z.addBuffer(Buffer.from('one'), 'a.cs');
      z.addBuffer(Buffer.from('two'), 'a.cs');
    });
    const { message } = await extract(zip);
    expect(message).toBe('refused to extract twice.zip: entry "a.cs" appears twice in the archive');
  });

  it('every entry is checked before any is written: a bad entry after good ones leaves nothing behind', async () => {
    const zip = await zipWithNames(join(root, 'late.zip'), { 'a.cs': 'a.cs', 'b.cs': 'b.cs', 'zz/evil.cs': '../evil.cs' });
    const dir = join(fresh(), 'into');
    mkdirSync(dir, { recursive: true });
    const writers = new EntryWriters();
    const err = await extractZip(zip, dir, new Budget(defaultExtractLimits), ['late.zip'], await loadArchive(zip), writers).catch((e: unknown) => e);
    await writers.close();
    expect((err as Error).message).toBe('refused to extract late.zip: entry "../evil.cs" contains ".." and would be written outside the target folder');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the main thread (a small package) and the worker threads (a large one) write the same bytes and refuse the same lying entry', async () => {
    const files = { 'a.txt': 'stored or deflated', 'sub/b.cs': 'deflated '.repeat(5000), 'sub/deeper/c.js': randomBytes(3000) };
    const zip = await writeZip(join(root, 'both.zip'), files);
    const liarBytes = await zipBuffer({ 'liar.cs': Buffer.alloc(500_000, 0x20) });
    liarBytes.writeUInt32LE(100, 22);
    liarBytes.writeUInt32LE(100, liarBytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const liar = join(root, 'liar-both.zip');
    writeFileSync(liar, liarBytes);
    for (const inlineMax of [undefined, { files: 0, bytes: 0 }]) {
      const writers = new EntryWriters(2, inlineMax);
      try {
        const dir = join(fresh(), 'into');
        mkdirSync(dir, { recursive: true });
        const r = await extractZip(zip, dir, new Budget(defaultExtractLimits), ['both.zip'], await loadArchive(zip), writers);
        expect(r.files.length).toBe(3);
        for (const [name, content] of Object.entries(files)) expect(readFileSync(join(dir, name)).equals(Buffer.from(content))).toBe(true);
        const err = await extractZip(liar, fresh(), new Budget(defaultExtractLimits), ['liar-both.zip'], await loadArchive(liar), writers).catch((e: unknown) => e);
        expect((err as Error).message).toMatch(/^cannot read liar-both\.zip: not a valid ZIP file \(entry "liar\.cs" cannot be inflated/);
      } finally {
        await writers.close();
      }
    }
  });

  it('a file where the archive also needs a folder is refused before anything is written', async () => {
    const zip = await writeZip(join(root, 'clash.zip'), { x: 'a file', 'x/y.cs': 'needs x to be a folder' });
    const { error, message, out } = await extract(zip);
    expect(error).toBeInstanceOf(PipelineError);
    expect(message).toBe('refused to extract clash.zip: entry "x/y.cs" needs a folder where "x" is a file (names compared ignoring case and Unicode normalisation)');
    expect(readdirSync(out)).toEqual([MARKER_FILE]);
  });
});
