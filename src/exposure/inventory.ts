// Builds the inventory of a package's exposed interfaces (SOAP, REST, screen services) from the extracted source of each module.
import { relative, resolve, sep, isAbsolute } from 'node:path';
import type { SourceTarget } from '../model/targets.js';
import type { Logger } from '../util/log.js';
import { sourceEndpointSchema, type SourceEndpoint } from '../model/exposure.js';
import { defaultInventoryLimits, endpointFiles, readEndpointFile, type EndpointFile, type InventoryLimits } from './module-files.js';
import { parseAsmx, parseAsmxCodeBehind, soapEndpoints, type SoapPart } from './soap.js';
import type { FileContext } from './inventory-text.js';
import { parseRestController, parseSwagger, restEndpoints, type RestPart } from './rest.js';
import { parseClientScript, parseScreenServicesController } from './screen-services.js';

export interface InventoryOptions {
  log?: Logger;
  limits?: Partial<InventoryLimits>;
}

/** Inventory order: module, kind, name, then file and line (code-point order, the same on every machine). */
export function compareEndpoints(a: SourceEndpoint, b: SourceEndpoint): number {
  const key = (e: SourceEndpoint) => [e.module, e.kind, e.name, e.file, String(e.line ?? 0).padStart(10, '0')];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] ?? '';
    const y = kb[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Whether `dir` lies inside `root` (or is it). */
function inside(root: string, dir: string): boolean {
  const rel = relative(resolve(root), resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** One module's endpoints; what cannot be read or understood is noted and skipped. */
async function moduleEndpoints(sourceRoot: string, target: SourceTarget, limits: InventoryLimits, budget: { bytes: number }, note: (m: string) => void, info: (m: string) => void): Promise<SourceEndpoint[]> {
  const { files, notes, restSign } = await endpointFiles(sourceRoot, target.dir, limits);
  notes.forEach(note);
  const soap: SoapPart[] = [];
  const rest: RestPart[] = [];
  const found: SourceEndpoint[] = [];
  const base = { module: target.module, target: target.id };
  for (const f of files) {
    if (budget.bytes >= limits.maxTotalBytes) {
      note(`${JSON.stringify(f.rel)}: not read, the inventory already read ${limits.maxTotalBytes} bytes`);
      continue;
    }
    const read = await readEndpointFile(f.abs, limits.maxFileBytes);
    if (!read.ok) {
      note(`${JSON.stringify(f.rel)}: skipped, ${read.reason}; endpoints it may declare are not listed`);
      continue;
    }
    budget.bytes += read.bytes;
    const ctx: FileContext = { ...base, file: f.rel };
    parseFile(f, read.text, ctx, { soap, rest, found }, note);
  }
  const restApis = restEndpoints(rest, base);
  if (restSign !== undefined && restApis.length === 0) {
    info(
      `${JSON.stringify(restSign)}: module ${JSON.stringify(target.id)} ships the swagger-ui bundle that comes with exposed REST APIs, but its source names no REST API (no rest/<API> controller or <API>Swagger.json); if it exposes one, it is not in this inventory`,
    );
  }
  return [...soapEndpoints(soap, base), ...restApis, ...found];
}

function parseFile(f: EndpointFile, text: string, ctx: FileContext, into: { soap: SoapPart[]; rest: RestPart[]; found: SourceEndpoint[] }, note: (m: string) => void): void {
  const unusable = (why: string) => note(`${JSON.stringify(f.rel)}: ${why}; skipped`);
  switch (f.kind) {
    case 'asmx':
    case 'asmx-code-behind': {
      const part = f.kind === 'asmx' ? parseAsmx(text, ctx) : parseAsmxCodeBehind(text, ctx);
      if ('error' in part) unusable(part.error);
      else into.soap.push(part);
      return;
    }
    case 'controller': {
      const part = parseRestController(text, ctx);
      if (part && 'error' in part) unusable(part.error);
      else if (part) into.rest.push(part);
      into.found.push(...parseScreenServicesController(text, ctx));
      return;
    }
    case 'swagger': {
      const part = parseSwagger(text, ctx);
      if ('error' in part) unusable(part.error);
      else into.rest.push(part);
      return;
    }
    case 'client-script':
      into.found.push(...parseClientScript(text, ctx));
      return;
  }
}

/**
 * The exposed interfaces every module's source shows: SOAP services (`<Module>.<Service>`), REST APIs
 * (`<Module>.<API>`, methods in `details`) and screen services (`<Module>.<Flow>.<Screen>.<Action>`), platform
 * plumbing marked `platform`. Never throws on a file: what cannot be read or understood is logged and skipped.
 * Sorted by module, kind, name; one entry per target, kind and name.
 */
export async function inventoryOf(sourceRoot: string, targets: SourceTarget[], opts: InventoryOptions = {}): Promise<SourceEndpoint[]> {
  const limits: InventoryLimits = { ...defaultInventoryLimits, ...opts.limits };
  const note = (m: string) => opts.log?.warn(`exposure inventory: ${m}`);
  const info = (m: string) => opts.log?.info(`exposure inventory: ${m}`);
  const budget = { bytes: 0 };
  const all: SourceEndpoint[] = [];
  for (const target of targets) {
    if (!inside(sourceRoot, target.dir)) {
      note(`target ${JSON.stringify(target.id)}: its folder is outside the source root; not inventoried`);
      continue;
    }
    all.push(...(await moduleEndpoints(sourceRoot, target, limits, budget, note, info)));
  }
  all.sort(compareEndpoints);
  const seen = new Set<string>();
  const out: SourceEndpoint[] = [];
  for (const e of all) {
    const key = `${e.target}\u0000${e.kind}\u0000${e.name}`;
    if (seen.has(key)) continue;
    const checked = sourceEndpointSchema.safeParse(e);
    if (!checked.success) {
      note(`${JSON.stringify(e.file)}: endpoint ${JSON.stringify(e.name)} is not valid (${checked.error.issues[0]?.message ?? 'invalid'}); skipped`);
      continue;
    }
    seen.add(key);
    out.push(checked.data);
  }
  return out;
}
