// Third-party libraries the OutSystems platform bundles into a module's files, identified by content (banners, the
// AMD module ids the runtime bundles define, version strings), never by file name; read from each target's .js files.
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as z from 'zod';
import { type LibraryFinding, type VexStatement, vexStatementSchema } from '../model/libraries.js';
import { ConfigError } from '../util/errors.js';
import { packageRoot } from '../util/version.js';
import { loadYaml, parseYaml } from '../util/yaml.js';
import { readYamlFile } from '../util/yaml-file.js';
import type { SourceTarget } from '../model/targets.js';
import { sha256Hex } from '../util/hash.js';
import { FileRefused, readRegularFile } from '../util/read-file.js';

/** A runtime bundle is at most a few MB; past this a file is not read. */
const MAX_JS_BYTES = 8 * 1024 ** 2;
/** Banners sit in a file's first comment. */
const HEAD = 2048;

type Found = { name: string; version?: string; evidence: string };

/**
 * Facts from the published builds and from real O11 module files (scripts/ of a Reactive app: OutSystems.js bundles
 * RequireJS and AMD modules "decimal", "long", "path-to-regexp", "toformat", "tslib"; OutSystemsReactView.js bundles
 * React and ReactDOM 16.14.0 and "react-router-dom", "history", "prop-types", "query-string", "react-transition-group",
 * "fastclick"; OutSystemsReactWidgets.js bundles "classnames"): jQuery's and jQuery UI's banners, RequireJS's
 * `@license` banner or its minified `version="…"`, swagger-ui 2.x's head, shred's browserify bundle.
 */
const BANNERS: { name: string; re: RegExp; evidence: string }[] = [
  { name: 'jquery', re: /jQuery (?:JavaScript Library )?v(\d+\.\d+\.\d+)\b/, evidence: 'jQuery banner in the first comment' },
  { name: 'jquery-ui', re: /jQuery UI (?:- v)?(\d+\.\d+\.\d+)\b/, evidence: 'jQuery UI banner in the first comment' },
  { name: 'requirejs', re: /@license (?:RequireJS|r\.js) (\d+\.\d+\.\d+)\b/, evidence: 'RequireJS @license banner' },
  { name: 'swagger-ui', re: /^\/\/ swagger-ui\.js\r?\n\/\/ version (\d+\.\d+\.\d+)\b/, evidence: 'swagger-ui head (// swagger-ui.js, // version)' },
];

/** AMD module ids the platform's runtime bundles define, and the npm package each is. */
const AMD: Record<string, string> = {
  decimal: 'decimal.js',
  long: 'long',
  'path-to-regexp': 'path-to-regexp',
  toformat: 'toformat',
  tslib: 'tslib',
  'react-router-dom': 'react-router-dom',
  'react-transition-group': 'react-transition-group',
  history: 'history',
  'prop-types': 'prop-types',
  'query-string': 'query-string',
  fastclick: 'fastclick',
  classnames: 'classnames',
};

/** The libraries one file's content shows (pure). */
export function librariesIn(text: string): Found[] {
  const found: Found[] = [];
  const head = text.slice(0, HEAD);
  for (const b of BANNERS) {
    const m = b.re.exec(head);
    if (m?.[1]) found.push({ name: b.name, version: m[1], evidence: b.evidence });
  }
  // Minified RequireJS (the client runtime OutSystems.js starts with it): its declarations, then version="…".
  if (/^var requirejs,require,define;/.test(text) && !found.some((f) => f.name === 'requirejs')) {
    const v = /\bversion="(\d+\.\d+\.\d+)"/.exec(text.slice(0, 20_000));
    found.push({ name: 'requirejs', ...(v?.[1] ? { version: v[1] } : {}), evidence: 'minified RequireJS at the start (var requirejs,require,define)' });
  }
  if (/^var require = function \(file, cwd\) \{/.test(text) && text.slice(0, 16_384).includes('require.define("/shred.js"'))
    found.push({ name: 'shred', evidence: 'browserify bundle with the module "/shred.js" (swagger-ui\'s shred.bundle.js)' });
  // React's and ReactDOM's UMD builds define themselves as AMD modules; React ends with e.version="…", ReactDOM
  // registers its version beside rendererPackageName "react-dom".
  const react = text.indexOf('define("react",["exports"]');
  if (react >= 0) {
    const v = /\.version="(\d+\.\d+\.\d+)"/.exec(text.slice(react, react + 200_000));
    found.push({ name: 'react', ...(v?.[1] ? { version: v[1] } : {}), evidence: 'UMD build defining the AMD module "react"' });
  }
  if (text.includes('define("react-dom",["exports","react"]')) {
    const v = /version:"(\d+\.\d+\.\d+)",rendererPackageName:"react-dom"/.exec(text);
    found.push({ name: 'react-dom', ...(v?.[1] ? { version: v[1] } : {}), evidence: 'UMD build defining the AMD module "react-dom"' });
  }
  for (const m of text.matchAll(/define(?:\.amd)?\(\s*"([a-z][a-z.-]*)",\s*\[/g)) {
    const pkg = AMD[m[1]!];
    if (pkg && !found.some((f) => f.name === pkg)) found.push({ name: pkg, evidence: `AMD module "${m[1]}" bundled in a runtime file` });
  }
  return found;
}

/** Package URL of an npm package (scoped names keep their "@" encoded, as the purl specification asks). */
export const npmPurl = (name: string, version?: string): string => `pkg:npm/${name.replace(/^@/, '%40')}${version ? `@${version}` : ''}`;

/** Every .js file under `dir`, symlinks never followed. */
async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.js')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/** The libraries bundled in one target's files, each (name, version, file) once. */
export async function librariesOf(target: SourceTarget): Promise<LibraryFinding[]> {
  const found: LibraryFinding[] = [];
  for (const path of await jsFiles(target.dir)) {
    if (!(await lstat(path)).isFile()) continue;
    let bytes: Buffer;
    try {
      bytes = await readRegularFile(path, { maxBytes: MAX_JS_BYTES, noFollow: true });
    } catch (err) {
      if (err instanceof FileRefused) continue;
      throw err;
    }
    const text = bytes.toString('utf8');
    const file = relative(target.dir, path).split(sep).join('/');
    for (const f of librariesIn(text)) found.push({ name: f.name, ...(f.version ? { version: f.version } : {}), purl: npmPurl(f.name, f.version), file, sha256: sha256Hex(bytes), evidence: f.evidence });
  }
  return found;
}

const vexFileSchema = z
  .object({
    version: z.literal(1),
    libraries: z.array(
      vexStatementSchema
        .omit({ id: true, listedBy: true })
        .extend({ ids: z.array(z.string().regex(/^CVE-\d{4}-\d{4,}$/)).min(1) })
        .strict(),
    ),
  })
  .strict();

/** The vendor statements shipped with ossast. */
export const builtinVexFile = (): string => join(packageRoot(), 'config', 'platform-vex.yml');

/** Reads the statements file; the statements for the libraries found (by name and exact version). */
export async function vexStatementsFor(found: LibraryFinding[], path = builtinVexFile()): Promise<VexStatement[]> {
  const read = await readYamlFile(path, path, { what: 'VEX statements file', hint: 'reinstall ossast: config/platform-vex.yml ships with it' });
  await loadYaml();
  const parsed = vexFileSchema.safeParse(parseYaml(read.text, path).data);
  if (!parsed.success) throw new ConfigError(`${path}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`, 'fix the statements file (docs/sbom.md describes it)');
  const present = new Set(found.map((f) => `${f.name}@${f.version ?? ''}`));
  return parsed.data.libraries.filter((l) => present.has(`${l.library}@${l.version}`)).flatMap(({ ids, ...l }) => ids.map((id) => ({ ...l, id, listedBy: 'RetireJS repository (jsrepository.json)' })));
}
