// Reads ossast.yml: YAML → ${VAR} interpolation → zod validation → paths resolved against the file's folder.
import { dirname, resolve } from 'node:path';
import { configSchema, type Config } from './schema.js';
import { loadYaml, parseYaml } from '../util/yaml.js';
import { readYamlFile } from '../util/yaml-file.js';
import { interpolate } from './interpolate.js';
import { isPublicField } from './public-fields.js';
import { registerSecret } from '../util/redact.js';
import { formatIssues } from '../util/zod-issues.js';
import { ConfigError } from '../util/errors.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file, or "(flags)" when built from the command line. */
  path: string;
  sha256: string;
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv, cwd: string): Promise<LoadedConfig> {
  const path = resolve(cwd, file);
  const { text, sha256 } = await readYamlFile(path, file, {
    what: 'config file',
    hint: 'pass --config FILE, or copy one of the examples in config/ (e.g. config/ossast.example.yml) to ossast.yml',
  });
  await loadYaml();
  const config = parseConfig(text, file, env);
  return { config: resolvePaths(config, dirname(path)), path, sha256 };
}

/** Validates config text; every problem is listed, each with file, line and dot-path. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv): Config {
  const doc = parseYaml(text, file);
  if (doc.data === null || doc.data === undefined) {
    throw new ConfigError(`${file}: the config file is empty`, 'start from config/ossast.example.yml; the least config is "version: 1"');
  }
  // Secrets the environment holds are known before any value is interpolated, so a public field fed from one (say
  // `environment: ${LIFETIME_TOKEN}`) is masked wherever it is shown, the error that refuses it included.
  for (const name of secretVariables(doc.data)) registerSecret(env[name]);
  const data = interpolate(doc.data, {
    env,
    file,
    lineOf: doc.lineOf,
    skip: [['lifetime', 'token']],
    // A value from the environment is a secret unless its field is public (public-fields.ts).
    onValue: (path, _name, value) => {
      if (!isPublicField(path)) registerSecret(value);
    },
  });
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues, file, doc.lineOf, data);
    throw new ConfigError(`invalid config:\n  ${lines.join('\n  ')}`, 'fix the fields above; config/ossast.schema.json describes every field (editors use it for completion)');
  }
  return parsed.data;
}

/**
 * The environment variables that hold secrets whatever the config does with them: the LifeTime token's (lifetime.token
 * `${VAR}`, default LIFETIME_TOKEN) and the cache key's (cache.keyEnv, default OSSAST_CACHE_KEY).
 */
export function secretVariables(raw: unknown): string[] {
  const at = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined);
  const ref = at(at(raw, 'lifetime'), 'token');
  const token = typeof ref === 'string' ? /^\s*\$\{([A-Za-z_][A-Za-z0-9_]*)\}\s*$/.exec(ref)?.[1] : undefined;
  const keyEnv = at(at(raw, 'cache'), 'keyEnv');
  return [...new Set(['LIFETIME_TOKEN', token, 'OSSAST_CACHE_KEY', typeof keyEnv === 'string' ? keyEnv : undefined].filter((n): n is string => n !== undefined))];
}

/** Makes every path in the config absolute, relative to the folder of the config file. */
export function resolvePaths(config: Config, base: string): Config {
  const abs = (p: string) => resolve(base, p);
  return {
    ...config,
    sources: config.sources.map(abs),
    ...(config.lifetime?.tokenFile ? { lifetime: { ...config.lifetime, tokenFile: abs(config.lifetime.tokenFile) } } : {}),
    scanners: config.scanners.map((s) => (s.type === 'semgrep' ? { ...s, rules: s.rules.map(abs), ...(s.executable ? { executable: abs(s.executable) } : {}) } : s)),
    suppressions: { ...config.suppressions, files: config.suppressions.files.map(abs) },
    exposure: { ...config.exposure, allow: config.exposure.allow.map(abs) },
    ...(config.baseline ? { baseline: abs(config.baseline) } : {}),
    ...(config.cache.dir ? { cache: { ...config.cache, dir: abs(config.cache.dir) } } : {}),
    ...(config.lifetime?.caFile ? { lifetime: { ...config.lifetime, caFile: abs(config.lifetime.caFile) } } : {}),
    output: { ...config.output, dir: abs(config.output.dir) },
  };
}
