// The config fields whose values may be shown as they are even when they come from the environment (${VAR}): every
// other field's interpolated value is registered as a secret (src/config/load.ts), so a new field is secret until it is
// listed here. Names of environments, applications and modules, paths, URLs without credentials, enumerated choices.
import type { YamlPath } from '../util/yaml.js';

/** Dot-paths of public fields; `[]` stands for any index of a list. */
export const PUBLIC_FIELDS: ReadonlySet<string> = new Set([
  'version',
  // LifeTime: its address (no user or password: ossast refuses none, but the token never goes there) and names.
  'lifetime.url',
  'lifetime.tokenFile',
  'lifetime.environment',
  'lifetime.applications[]',
  'lifetime.modules[]',
  // Paths ossast reads or writes, and names it shows.
  'sources[]',
  'application',
  'scanners[].type',
  'scanners[].name',
  'scanners[].rules[]',
  'scanners[].executable',
  'scanners[].ignoreFiles[]',
  'scanners[].coverage',
  'suppressions.files[]',
  'baseline',
  'gate.failOn',
  'output.dir',
  'output.formats[]',
  'output.sarifProfile',
  'exposure.allow[]',
  'exposure.probeUrl',
  'exposure.level',
  'cache.dir',
  'cache.keyEnv',
]);

/** The dot-path of a place in the config, list indices as `[]`: `scanners.0.command.2` → `scanners[].command[]`. */
export function fieldOf(path: YamlPath | PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' || (typeof p === 'string' && /^\d+$/.test(p)) ? '[]' : `${out ? '.' : ''}${String(p)}`;
  return out;
}

export const isPublicField = (path: YamlPath | PropertyKey[]): boolean => PUBLIC_FIELDS.has(fieldOf(path));
