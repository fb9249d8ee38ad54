// The extract stage: turns ZIPs (application packages or modules), .tar.gz files and folders into scan targets.
import { lstat, readdir, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Logger } from '../util/log.js';
import { PipelineError } from '../util/errors.js';
import { sha256File, sha256Hex } from '../util/hash.js';
import { MARKER_FILE, OutputRoot } from '../util/output-root.js';
import { Budget, refuse, type Chain } from './guard.js';
import { extractZip, loadArchive } from './zip.js';
import { EntryWriters } from './writers.js';
import { extractTarGz } from './tar.js';
import { copyFolder, kindOf } from './folder.js';
import { baseName, FolderNames, isTarGz } from './layout.js';
import type { SourceInput, SourceTarget } from '../model/targets.js';
import { defaultExtractLimits, type ExtractLimits, type ExtractResult } from './limits.js';
import { compareText } from '../util/compare.js';

export type { SourceInput } from '../model/targets.js';
export { FolderNames } from './layout.js';

export interface ExtractOptions {
  limits?: ExtractLimits;
  log: Logger;
  /**
   * The folder names already given out under `outRoot`. Pass the same instance to every call that extracts into the
   * same root, so that two inputs never share (and overwrite) a folder.
   */
  names?: FolderNames;
}

/** What every step of one extraction shares: the write guard, the folder names, the entry writers. */
interface Ctx {
  root: OutputRoot;
  names: FolderNames;
  writers: EntryWriters;
}

/** A folder claimed under the root: its path, its id ("/"-separated, relative to the root). */
interface Place {
  dir: string;
  id: string;
}

export async function extractSources(inputs: SourceInput[], outRoot: string, opts: ExtractOptions): Promise<ExtractResult> {
  const started = Date.now();
  const limits = opts.limits ?? defaultExtractLimits;
  // Part of the output folder the caller opened; opened (marked and locked) here only for a caller that did not.
  const root = await OutputRoot.open(outRoot, { warn: (m) => opts.log.warn(m) });
  const result: ExtractResult = { root: root.dir, targets: [], files: 0, bytes: 0, durationMs: 0, warnings: [] };
  const ctx: Ctx = { root, names: opts.names ?? new FolderNames(), writers: new EntryWriters() };
  try {
    for (const input of inputs) addTo(result, await extractOne(input, ctx, new Budget(limits)));
  } finally {
    await ctx.writers.close();
    await root.close();
  }
  for (const w of result.warnings) opts.log.warn(w);
  result.durationMs = Date.now() - started;
  return result;
}

function addTo(result: ExtractResult, one: One): void {
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

/** A folder for `name` inside `parent`, through the one sanitiser; a collision's warning goes to `warnings`. */
function claim(ctx: Ctx, parent: Place | undefined, name: string, what: 'application' | 'module' | 'input', warnings: string[], shared = false): Place {
  const got = ctx.names.claim(parent?.id ?? '', name, what, shared);
  if (got.warning) warnings.push(got.warning);
  return { dir: join(parent?.dir ?? ctx.root.dir, got.folder), id: parent ? `${parent.id}/${got.folder}` : got.folder };
}

async function extractOne(input: SourceInput, ctx: Ctx, budget: Budget): Promise<One> {
  const info = await stat(input.path).catch(() => {
    throw new PipelineError(`${input.path} does not exist`, 'check the path you passed to ossast');
  });
  if (!info.isFile() && !info.isDirectory()) {
    throw new PipelineError(`${input.path} is ${kindOf(info)}, not a file or folder: it was not opened`, 'pass an application package ZIP, a module ZIP, a .tar.gz or a folder');
  }
  const origin = async (kind: SourceTarget['origin']['kind']) => ({
    kind: input.origin?.kind ?? kind,
    path: input.origin?.path ?? input.path,
    sha256: input.origin?.sha256 ?? (info.isFile() && !/\.zip$/i.test(input.path) ? await sha256File(input.path) : undefined),
    bytes: input.origin?.bytes ?? (info.isFile() ? info.size : undefined),
  });
  const chain: Chain = [basename(input.path)];
  const warnings: string[] = [];

  if (info.isDirectory()) return extractFolder(input, ctx, budget, await origin('folder'));
  if (isTarGz(input.path)) {
    const module = input.module ?? baseName(input.path);
    const place = claim(ctx, undefined, module, 'input', warnings);
    await ctx.root.fresh(place.dir);
    const r = await extractTarGz(input.path, place.dir, budget, chain);
    return { targets: [target(place, input.application, module, await origin('tar.gz'), { files: r.files, bytes: r.bytes })], files: r.files, bytes: r.bytes, warnings: [...warnings, ...r.warnings] };
  }
  // Read once: the same bytes give the SHA-256 and the extraction.
  const data = await loadArchive(input.path);
  const sha = input.origin?.sha256 ? Promise.resolve(input.origin.sha256) : data ? Promise.resolve(sha256Hex(data)) : sha256File(input.path);
  const zipOrigin = async (kind: SourceTarget['origin']['kind']) => ({ ...(await origin(kind)), sha256: await sha });
  // Extract into a scratch folder first; what it holds tells an application package from a module.
  const tmp = await ctx.root.mkdtemp(join(ctx.root.dir, '.unpack-'));
  try {
    const r = await extractZip(input.path, tmp, budget, chain, data, ctx.writers);
    const rel = r.files.map((f) => relative(tmp, f).split(sep).join('/'));
    const innerZips = r.files.filter((f) => /\.zip$/i.test(f));
    const looksLikeModule = rel.some((n) => /(\.csproj|\.sln|(^|\/)web\.config)$/i.test(n));
    if (innerZips.length > 0 && !looksLikeModule && !input.module) {
      const app = input.application ?? baseName(input.path);
      const appPlace = claim(ctx, undefined, app, 'application', warnings, true);
      return await expandModules(innerZips, appPlace, app, ctx, budget, chain, await zipOrigin('app-zip'), [...r.warnings, ...warnings]);
    }
    const module = input.module ?? baseName(input.path);
    const parent = input.application ? claim(ctx, undefined, input.application, 'application', warnings, true) : undefined;
    const place = claim(ctx, parent, module, parent ? 'module' : 'input', warnings);
    await ctx.root.rm(place.dir);
    if (parent) await ctx.root.mkdir(parent.dir);
    await ctx.root.rename(tmp, place.dir);
    const nested = await expandNestedTars(place.dir, rel, ctx, budget, chain);
    return {
      targets: [target(place, input.application, module, await zipOrigin('module-zip'), { files: r.files.length + nested.files, bytes: r.bytes + nested.bytes })],
      files: r.files.length + nested.files,
      bytes: r.bytes + nested.bytes,
      warnings: [...r.warnings, ...warnings, ...nested.warnings],
    };
  } finally {
    await ctx.root.rm(tmp);
  }
}

/** Each inner `<Module>.v<N>.zip` of an application package becomes `<App>/<Module>/`. */
async function expandModules(zips: string[], app: Place, appName: string, ctx: Ctx, budget: Budget, chain: Chain, origin: SourceTarget['origin'], warnings: string[]): Promise<One> {
  if (chain.length >= budget.limits.maxDepth) {
    throw new PipelineError(`refused to extract ${chain.join(' > ')}: archives nested deeper than ${budget.limits.maxDepth} levels`, 'raise extract.maxDepth in the config if this package is legitimate');
  }
  const one: One = { targets: [], files: 0, bytes: 0, warnings: [...warnings] };
  const seen = new Set<string>();
  await ctx.root.mkdir(app.dir);
  for (const zip of zips.sort()) {
    const module = baseName(zip);
    if (seen.has(module)) throw new PipelineError(`${chain.join(' > ')} holds two packages of module ${module}`, 'get a fresh package from LifeTime');
    seen.add(module);
    const place = claim(ctx, app, module, 'module', one.warnings);
    await ctx.root.fresh(place.dir);
    const inner = [...chain, basename(zip)];
    const data = await loadArchive(zip);
    // The module's own evidence: the inner archive's hash from the bytes already read (streamed when too large to hold).
    const archive = { name: basename(zip), sha256: data ? sha256Hex(data) : await sha256File(zip), bytes: data ? data.length : (await stat(zip)).size };
    const r = await extractZip(zip, place.dir, budget, inner, data, ctx.writers);
    const nested = await expandNestedTars(
      place.dir,
      r.files.map((f) => relative(place.dir, f)),
      ctx,
      budget,
      inner,
    );
    const extracted = { files: r.files.length + nested.files, bytes: r.bytes + nested.bytes };
    one.targets.push(target(place, appName, module, { ...origin, archive }, extracted));
    one.files += extracted.files;
    one.bytes += extracted.bytes;
    one.warnings.push(...r.warnings, ...nested.warnings);
  }
  return one;
}

/** A mobile module's native build (`source.tar.gz`) is expanded beside it, into `source.tar.gz.extracted/`. */
/** `files` are the module's extracted files (relative to dir); only the .tar.gz among them are expanded. */
async function expandNestedTars(dir: string, files: string[], ctx: Ctx, budget: Budget, chain: Chain): Promise<{ files: number; bytes: number; warnings: string[] }> {
  const out = { files: 0, bytes: 0, warnings: [] as string[] };
  for (const rel of files.filter((f) => isTarGz(f))) {
    if (chain.length + 1 > budget.limits.maxDepth) {
      throw new PipelineError(`refused to extract ${[...chain, rel].join(' > ')}: archives nested deeper than ${budget.limits.maxDepth} levels`, 'raise extract.maxDepth in the config if this package is legitimate');
    }
    const file = join(dir, rel);
    const into = `${file}.extracted`;
    if (await exists(into)) refuse(chain, `${rel}.extracted`, `is where the nested ${rel} would be expanded`, 'the archive is malformed or malicious; get a fresh package from LifeTime');
    await ctx.root.fresh(into);
    const r = await extractTarGz(file, into, budget, [...chain, relative(dir, file)]);
    out.files += r.files;
    out.bytes += r.bytes;
    out.warnings.push(...r.warnings);
  }
  return out;
}

const exists = (path: string): Promise<Stats | undefined> => lstat(path).catch(() => undefined);

/** A folder is copied (never followed through links); a folder of module ZIPs is treated like an application package. */
async function extractFolder(input: SourceInput, ctx: Ctx, budget: Budget, origin: SourceTarget['origin']): Promise<One> {
  const name = input.application ?? input.module ?? basename(input.path);
  const chain: Chain = [basename(input.path)];
  const warnings: string[] = [];
  // The marker `ossast extract --out` leaves in its folder is not part of the layout it wrote.
  const top = (await readdir(input.path, { withFileTypes: true })).filter((e) => !(e.isFile() && e.name === MARKER_FILE));
  const zips = top.filter((e) => e.isFile() && /\.zip$/i.test(e.name)).map((e) => join(input.path, e.name));
  if (zips.length > 0 && top.every((e) => !e.isDirectory() || e.name.startsWith('.'))) {
    return expandModules(zips, claim(ctx, undefined, name, 'application', warnings, true), name, ctx, budget, chain, origin, warnings);
  }
  const layout = input.module ? undefined : await appModuleLayout(input.path, top);
  if (layout) return copyAppModules(input.path, layout, ctx, budget, chain, origin, warnings);
  // A folder named with an application (--name) is one of its modules, as a module ZIP is: <App>/<folder name>/.
  const module = input.module ?? basename(input.path);
  const parent = input.application ? claim(ctx, undefined, input.application, 'application', warnings, true) : undefined;
  if (parent) await ctx.root.mkdir(parent.dir);
  const place = parent ? claim(ctx, parent, module, 'module', warnings) : claim(ctx, undefined, name, 'input', warnings);
  await ctx.root.fresh(place.dir);
  const r = await copyFolder(input.path, place.dir, budget, chain);
  return { targets: [target(place, input.application, parent ? module : (input.module ?? name), origin, { files: r.files, bytes: r.bytes, listingSha256: r.sha256 })], files: r.files, bytes: r.bytes, warnings: [...warnings, ...r.warnings] };
}

type Layout = { app: string; modules: string[] }[];

/** A module folder as the platform generates it: a project file, a Web.config or a scripts/ folder at its top. */
const isModuleFolder = (entries: Dirent[]) => entries.some((e) => (e.isFile() && /(\.csproj|^web\.config)$/i.test(e.name)) || (e.isDirectory() && e.name.toLowerCase() === 'scripts'));

/**
 * The `<App>/<Module>/...` layout `ossast extract` writes: only folders at the top and in each application folder,
 * and every one of those module folders looks like a module. Anything else (a file or link at either level) is not it.
 */
async function appModuleLayout(path: string, top: Dirent[]): Promise<Layout | undefined> {
  if (top.length === 0 || !top.every((e) => e.isDirectory())) return undefined;
  const layout: Layout = [];
  for (const app of top) {
    const mods = await readdir(join(path, app.name), { withFileTypes: true });
    if (mods.length === 0 || !mods.every((e) => e.isDirectory())) return undefined;
    for (const m of mods) if (!isModuleFolder(await readdir(join(path, app.name, m.name), { withFileTypes: true }))) return undefined;
    layout.push({ app: app.name, modules: mods.map((m) => m.name).sort() });
  }
  return layout.sort((a, b) => compareText(a.app, b.app));
}

/** Each `<App>/<Module>` of an extracted folder becomes its own target, as when the package itself is scanned. */
async function copyAppModules(path: string, layout: Layout, ctx: Ctx, budget: Budget, chain: Chain, origin: SourceTarget['origin'], warnings: string[]): Promise<One> {
  const one: One = { targets: [], files: 0, bytes: 0, warnings };
  for (const { app, modules } of layout) {
    const appPlace = claim(ctx, undefined, app, 'application', one.warnings, true);
    await ctx.root.mkdir(appPlace.dir);
    for (const module of modules) {
      const place = claim(ctx, appPlace, module, 'module', one.warnings);
      await ctx.root.fresh(place.dir);
      const r = await copyFolder(join(path, app, module), place.dir, budget, [...chain, app, module]);
      one.targets.push(target(place, app, module, origin, { files: r.files, bytes: r.bytes, listingSha256: r.sha256 }));
      one.files += r.files;
      one.bytes += r.bytes;
      one.warnings.push(...r.warnings);
    }
  }
  return one;
}

function target(place: Place, application: string | undefined, module: string, origin: SourceTarget['origin'], extracted?: SourceTarget['extracted']): SourceTarget {
  const clean = Object.fromEntries(Object.entries(origin).filter(([, v]) => v !== undefined));
  return { id: place.id, ...(application ? { application } : {}), module, dir: place.dir, origin: { kind: origin.kind, path: origin.path, ...clean }, ...(extracted ? { extracted } : {}) };
}
