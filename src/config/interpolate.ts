// Replaces ${VAR} in every string of parsed YAML with the environment's value ($${ escapes a literal ${); each value
// taken from the environment is handed to `onValue` with the place it went (the loader registers secrets from it).
import { ConfigError } from '../util/errors.js';
import type { YamlPath } from '../util/yaml.js';

export interface InterpolateOptions {
  env: NodeJS.ProcessEnv;
  file: string;
  lineOf: (path: YamlPath) => number | undefined;
  /** Paths left as written (the LifeTime token is resolved by the retrieve stage, which refuses literals). */
  skip: ReadonlyArray<YamlPath>;
  /** Called for every value taken from the environment, with the place it went and the variable's name. */
  onValue?: (path: YamlPath, name: string, value: string) => void;
}

const VAR = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolate(value: unknown, opts: InterpolateOptions, path: PropertyKey[] = []): unknown {
  if (opts.skip.some((s) => s.length === path.length && s.every((p, i) => p === path[i]))) return value;
  if (typeof value === 'string') return interpolateString(value, opts, path);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, opts, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, opts, [...path, k])]));
  }
  return value;
}

function interpolateString(s: string, opts: InterpolateOptions, path: PropertyKey[]): string {
  return s.replace(VAR, (whole, name: string | undefined) => {
    if (name === undefined) return '${';
    const v = opts.env[name];
    if (v === undefined) {
      const line = opts.lineOf(path);
      throw new ConfigError(`${opts.file}${line ? `:${line}` : ''}: ${path.join('.')}: environment variable ${name} is not set (referenced as ${whole})`, `set ${name} in the environment, or write $\${ for a literal "\${"`);
    }
    opts.onValue?.(path, name, v);
    return v;
  });
}
