// The extract stage: turns ZIPs (application packages or modules), .tar.gz files and folders into scan targets.
import { cp, lstat, mkdir, readdir, rm, stat, mkdtemp, rename } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Logger } from '../util/log.js';
import { PipelineError } from '../util/errors.js';
import { sha256File } from '../util/hash.js';
import { Budget, type Chain } from './guard.js';
import { extractZip, loadArchive } from './zip.js';
import { EntryWriters } from './writers.js';
import { createHash } from 'node:crypto';
import { extractTarGz } from './tar.js';
import { baseName, folderName, isTarGz } from './layout.js';
import { defaultExtractLimits, type ExtractLimits, type ExtractResult, type SourceInput, type SourceTarget } from './types.js';

export type { SourceInput } from './types.js';

export async function extractSources(inputs: SourceInput[], outRoot: string, opts: { limits?: ExtractLimits; log: Logger }): Promise<ExtractResult> {
  const started = Date.now();
  const limits = opts.limits ?? defaultExtractLimits;
  await mkdir(outRoot, { recursive: true });
  const result: ExtractResult = { root: outRoot, targets: [], files: 0, bytes: 0, durationMs: 0, warnings: [] };
  const writers = new EntryWriters();
  try {
    for (const input of inputs) addTo(result, await extractOne(input, outRoot, new Budget(limits), writers));
  } finally {
    await writers.close();
  }
  for (const w of result.warnings) opts.log.warn(w);
  result.durationMs = Date.now() - started;
  return result;
}

function addTo(result: ExtractResult, one: One): void {
  for (const t of one.targets) {
    if (result.targets.some((x) => x.id === t.id)) {
      throw new PipelineError(`two inputs both extract to ${t.id}`, 'scan them in separate runs, or rename one of the packages');
    }
  }
  result.targets.push(...one.targets);
  result.files += one.files;
  result.bytes += one.bytes;
  result.warnings.push(...one.warnings);
}

interface One {
  targets: SourceTarget[];
  files: number;
  bytes: number;
  warnings: string[];
}

async function extractOne(input: SourceInput, outRoot: string, budget: Budget, writers: EntryWriters): Promise<One> {
  const info = await stat(input.path).catch(() => {
    throw new PipelineError(`${input.path} does not exist`, 'check the path you passed to ossast');
  });
  const origin = async (kind: SourceTarget['origin']['kind']) => ({
    kind: input.origin?.kind ?? kind,
    path: input.origin?.path ?? input.path,
    sha256: input.origin?.sha256 ?? (info.isFile() && !/\.zip$/i.test(input.path) ? await sha256File(input.path) : undefined),
    bytes: input.origin?.bytes ?? (info.isFile() ? info.size : undefined),
  });
  const chain: Chain = [basename(input.path)];

  if (info.isDirectory()) return extractFolder(input, outRoot, budget, await origin('folder'), writers);
  if (isTarGz(input.path)) {
    const dir = join(outRoot, folderName(input.module ?? baseName(input.path)));
    await freshDir(dir);
    const r = await extractTarGz(input.path, dir, budget, chain);
    return { targets: [target(outRoot, dir, input.application, input.module ?? baseName(input.path), await origin('tar.gz'))], files: r.files, bytes: r.bytes, warnings: r.warnings };
  }
  // Read once: the same bytes give the SHA-256 and the extraction.
  const data = await loadArchive(input.path);
  const sha = input.origin?.sha256 ? Promise.resolve(input.origin.sha256) : data ? Promise.resolve(createHash('sha256').update(data).digest('hex')) : sha256File(input.path);
  const zipOrigin = async (kind: SourceTarget['origin']['kind']) => ({ ...(await origin(kind)), sha256: await sha });
  // Extract into a scratch folder first; what it holds tells an application package from a module.
  const tmp = await mkdtemp(join(outRoot, '.unpack-'));
  try {
    const r = await extractZip(input.path, tmp, budget, chain, data, writers);
    const rel = r.files.map((f) => relative(tmp, f).split(sep).join('/'));
    const innerZips = r.files.filter((f) => /\.zip$/i.test(f));
    const looksLikeModule = rel.some((n) => /(\.csproj|\.sln|(^|\/)web\.config)$/i.test(n));
    if (innerZips.length > 0 && !looksLikeModule && !input.module) {
      const app = input.application ?? baseName(input.path);
      return await expandModules(innerZips, join(outRoot, folderName(app)), outRoot, app, budget, chain, await zipOrigin('app-zip'), r.warnings, writers);
    }
    const module = input.module ?? baseName(input.path);
    const dir = join(outRoot, ...(input.application ? [folderName(input.application)] : []), folderName(module));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(dir), { recursive: true });
    await rename(tmp, dir);
    const nested = await expandNestedTars(dir, rel, budget, chain);
    return { targets: [target(outRoot, dir, input.application, module, await zipOrigin('module-zip'))], files: r.files.length + nested.files, bytes: r.bytes + nested.bytes, warnings: [...r.warnings, ...nested.warnings] };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}


/** Each inner `<Module>.v<N>.zip` of an application package becomes `<App>/<Module>/`. */
async function expandModules(zips: string[], appDir: string, outRoot: string, app: string, budget: Budget, chain: Chain, origin: SourceTarget['origin'], warnings: string[], writers: EntryWriters): Promise<One> {
  if (chain.length >= budget.limits.maxDepth) {
    throw new PipelineError(`refused to extract ${chain.join(' > ')}: archives nested deeper than ${budget.limits.maxDepth} levels`, 'raise extract.maxDepth in the config if this package is legitimate');
  }
  const one: One = { targets: [], files: 0, bytes: 0, warnings: [...warnings] };
  for (const zip of zips.sort()) {
    const module = baseName(zip);
    const dir = join(appDir, folderName(module));
    if (one.targets.some((t) => t.dir === dir)) throw new PipelineError(`${chain.join(' > ')} holds two packages of module ${module}`, 'get a fresh package from LifeTime');
    await freshDir(dir);
    const inner = [...chain, basename(zip)];
    const r = await extractZip(zip, dir, budget, inner, await loadArchive(zip), writers);
    const nested = await expandNestedTars(dir, r.files.map((f) => relative(dir, f)), budget, inner);
    one.targets.push(target(outRoot, dir, app, module, origin));
    one.files += r.files.length + nested.files;
    one.bytes += r.bytes + nested.bytes;
    one.warnings.push(...r.warnings, ...nested.warnings);
  }
  return one;
}

/** A mobile module's native build (`source.tar.gz`) is expanded beside it, into `source.tar.gz.extracted/`. */
/** `files` are the module's extracted files (relative to dir); only the .tar.gz among them are expanded. */
async function expandNestedTars(dir: string, files: string[], budget: Budget, chain: Chain): Promise<{ files: number; bytes: number; warnings: string[] }> {
  const out = { files: 0, bytes: 0, warnings: [] as string[] };
  for (const rel of files.filter((f) => isTarGz(f))) {
    if (chain.length + 1 > budget.limits.maxDepth) {
      throw new PipelineError(`refused to extract ${[...chain, rel].join(' > ')}: archives nested deeper than ${budget.limits.maxDepth} levels`, 'raise extract.maxDepth in the config if this package is legitimate');
    }
    const file = join(dir, rel);
    const into = `${file}.extracted`;
    await freshDir(into);
    const r = await extractTarGz(file, into, budget, [...chain, relative(dir, file)]);
    out.files += r.files;
    out.bytes += r.bytes;
    out.warnings.push(...r.warnings);
  }
  return out;
}

/** A folder is copied (never followed through links); a folder of module ZIPs is treated like an application package. */
async function extractFolder(input: SourceInput, outRoot: string, budget: Budget, origin: SourceTarget['origin'], writers: EntryWriters): Promise<One> {
  const name = input.application ?? input.module ?? basename(input.path);
  const top = await readdir(input.path, { withFileTypes: true });
  const zips = top.filter((e) => e.isFile() && /\.zip$/i.test(e.name)).map((e) => join(input.path, e.name));
  if (zips.length > 0 && top.every((e) => !e.isDirectory() || e.name.startsWith('.'))) {
    return expandModules(zips, join(outRoot, folderName(name)), outRoot, name, budget, [basename(input.path)], origin, [], writers);
  }
  const dir = join(outRoot, folderName(name));
  await freshDir(dir);
  let files = 0;
  let bytes = 0;
  const warnings: string[] = [];
  await cp(input.path, dir, {
    recursive: true,
    dereference: false,
    verbatimSymlinks: true,
    filter: async (src) => {
      const s = await lstat(src);
      if (s.isSymbolicLink()) {
        warnings.push(`${src}: symlink not copied (links are never followed)`);
        return false;
      }
      if (s.isFile()) {
        budget.entry([basename(input.path)], relative(input.path, src));
        budget.wrote([basename(input.path)], relative(input.path, src), s.size);
        files++;
        bytes += s.size;
      }
      return true;
    },
  });
  return { targets: [target(outRoot, dir, input.application, input.module ?? name, origin)], files, bytes, warnings };
}

function target(outRoot: string, dir: string, application: string | undefined, module: string, origin: SourceTarget['origin']): SourceTarget {
  const clean = Object.fromEntries(Object.entries(origin).filter(([, v]) => v !== undefined));
  return { id: relative(outRoot, dir).split(sep).join('/'), ...(application ? { application } : {}), module, dir, origin: { kind: origin.kind, path: origin.path, ...clean } };
}

async function freshDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}
