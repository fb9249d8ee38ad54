// Flags shared by scan and run, and how they override the config file.
import { type Command, Option } from 'commander';
import { configSchema, type Config } from '../config/schema.js';
import { formatSchema, type OutputFormat } from '../report/config.js';
import { isOutputName } from '../report/output-names.js';
import { levelSchema } from '../gate/config.js';
import { UsageError } from '../util/errors.js';
import { exposureConfigSchema } from '../exposure/config.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { shorten } from '../util/redact.js';
import { collect } from './collect.js';

export interface CommonFlags {
  config?: string;
  rules?: string[];
  out?: string;
  /** -o/--output: the SARIF log's file (inside --out). */
  output?: string;
  failOn?: string;
  format?: string;
  sarifProfile?: string;
  suppressions?: string[];
  builtinSuppressions?: boolean;
  baseline?: string;
  newOnly?: boolean;
  max?: string;
  allowPartial?: boolean;
  probeUrl?: string;
  allow?: string[];
  redactSecrets?: boolean;
  /** --name: application name (folder) of the local inputs. */
  name?: string;
  /** --cache: the result cache folder (cache.dir). */
  cache?: string;
  /** --sign-key: the Ed25519 private key (PEM) that signs the evidence bundle. */
  signKey?: string;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .addHelpText('after', `\n${ENV_HELP}`)
    .option('-c, --config <file>', 'pipeline config (YAML)')
    .option('--name <application>', 'application name of the local inputs: extracted to <application>/<module>/ (default: the package file name without .zip and .vN); fingerprints never include it')
    .option('--rules <path>', 'extra Semgrep rule file or folder, added to the bundled pack (repeatable)', collect)
    .option('--out <dir>', 'output folder (default: ossast-out); every file is written under it')
    .option('-o, --output <file>', 'the merged SARIF log (default: <out>/results.sarif; must lie inside --out)')
    .addOption(new Option('--fail-on <level>', 'lowest level that fails the run (default: error)').choices(levelSchema.options))
    .option('--format <list>', `outputs to write, comma-separated: ${formatSchema.options.join(',')}; name=path chooses the file (relative to --out), name=- writes it to standard output`)
    .addOption(new Option('--sarif-profile <profile>', 'full: one complete log; github: also upload files within GitHub code scanning limits').choices(['full', 'github']))
    .option('--suppressions <file>', 'suppression file (repeatable)', collect)
    .option('--no-builtin-suppressions', 'do not apply config/suppressions/outsystems-generated.yml')
    .option('--baseline <sarif>', 'previous results.sarif: sets baselineState on every result')
    .option('--new-only', 'count only results that are new against the baseline')
    .option('--max <n>', 'findings tolerated before failing (default 0)')
    .option('--allow-partial', 'accept results when a target or scanner failed (the log says partial)')
    .option('--probe-url <url>', 'probe every SOAP and REST endpoint from outside at this URL, without credentials (exposure.probeUrl)')
    .option('--allow <file>', 'exposure allow-list file (repeatable; exposure.allow)', collect)
    .option(
      '--cache <dir>',
      'result cache folder (cache.dir): files unchanged since a run with the same rules and Semgrep, and identical files in several modules, are scanned once; unchanged LifeTime modules are not downloaded again. Set OSSAST_CACHE_KEY (32+ characters, a CI secret) to authenticate its entries',
    )
    .option('--no-redact-secrets', 'write hard-coded secrets found in the code unmasked in every output (output.redactSecrets: false)')
    .option('--sign-key <file>', 'Ed25519 private key (PEM) that signs <out>/evidence.dsse.json: a DSSE envelope over every output file and downloaded package (check it with `ossast verify`)');
}

/** The OSSAST_* environment variables and the flag each stands for; a flag on the command line wins. */
export const ENV_FLAGS = { OSSAST_CONFIG: 'config', OSSAST_OUT: 'out', OSSAST_FAIL_ON: 'failOn', OSSAST_FORMAT: 'format' } as const;

/** Flags with the OSSAST_* variables filled in where the command line left them out (empty variables are ignored). */
export function withEnvironment(flags: CommonFlags, env: NodeJS.ProcessEnv): CommonFlags {
  const next: CommonFlags = { ...flags };
  for (const [name, key] of Object.entries(ENV_FLAGS)) {
    const value = env[name];
    if (!value || next[key] !== undefined) continue;
    if (key === 'failOn' && !levelSchema.safeParse(value).success) throw new UsageError(`${name}: expected one of ${levelSchema.options.join(', ')}, received "${value}"`, `unset ${name} or give it a valid level`);
    next[key] = value;
  }
  return next;
}

export const ENV_HELP = `Environment: ${Object.entries(ENV_FLAGS)
  .map(([e, k]) => `${e} (--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)})`)
  .join(', ')}; a flag wins over its variable. NO_COLOR / FORCE_COLOR as --color never / always.`;

/** `--format` entries: `name`, or `name=path` to choose the file (relative to --out), or `name=-` for standard output. */
function parseFormats(list: string): { format: OutputFormat; path?: string }[] {
  const entries = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((e) => {
      const at = e.indexOf('=');
      return at < 0 ? { name: e } : { name: e.slice(0, at), path: e.slice(at + 1) };
    });
  const bad = entries.filter((e) => !formatSchema.safeParse(e.name).success);
  if (bad.length) throw new UsageError(`--format: unknown output ${bad.map((b) => `"${b.name}"`).join(', ')}`, `choose from ${formatSchema.options.join(', ')}, each optionally =path or =-`);
  return entries.map((e) => ({ format: formatSchema.parse(e.name), ...(e.path !== undefined ? { path: e.path } : {}) }));
}

/**
 * The file names chosen with `--format name=path` (relative to the output folder unless absolute) and `-o/--output`
 * (the SARIF log, relative to the working folder). Every file stays under the output folder (a path outside it is
 * refused, exit 2); "-" sends one format to standard output, and only one may go there (console included).
 */
export function outputNames(flags: CommonFlags, config: Config, cwd: string): Partial<Record<OutputFormat, string>> {
  const outDir = config.output.dir;
  const chosen = (flags.format ? parseFormats(flags.format) : []).filter((f) => f.path !== undefined).map((f) => ({ format: f.format, path: f.path ?? '', flag: `--format ${f.format}=${f.path ?? ''}`, base: outDir }));
  if (flags.output) chosen.push({ format: 'sarif', path: flags.output, flag: `--output ${flags.output}`, base: cwd });
  const names: Partial<Record<OutputFormat, string>> = {};
  for (const c of chosen) {
    if (c.path === '-') {
      names[c.format] = '-';
      continue;
    }
    const rel = relative(outDir, resolve(c.base, c.path)).split(sep).join('/');
    if (!rel || rel.startsWith('../') || rel === '..' || isAbsolute(rel) || !isOutputName(rel)) {
      throw new UsageError(
        `${c.flag}: ${resolve(c.base, c.path)} is not a file name inside the output folder ${outDir}`,
        'every file ossast writes goes under the output folder (--out): give a name inside it, of letters, digits, ".", "_", "-" and "/"',
      );
    }
    names[c.format] = rel;
  }
  if (flags.output && !config.output.formats.includes('sarif'))
    throw new UsageError(`--output ${flags.output}: the sarif format is not among the outputs (--format ${config.output.formats.join(',')})`, 'add sarif to --format, or drop --output');
  const toStdout = config.output.formats.filter((f) => (names[f] ?? (f === 'console' ? '-' : undefined)) === '-');
  if (toStdout.length > 1) throw new UsageError(`${toStdout.join(' and ')} would both go to standard output`, 'send one format to standard output ("-"); give the console report a file (console=summary.txt) or leave it out of --format');
  const files = Object.values(names).filter((n) => n !== '-');
  const twice = files.find((n, i) => files.indexOf(n) !== i);
  if (twice) throw new UsageError(`--format: two outputs would both be written to ${twice}`, 'give each format its own file name');
  return names;
}

/** An application name given on the command line: the config's own rule (1 to 200 characters), as a usage error. */
export function applicationName(name: string, flag: string): string {
  const parsed = configSchema.shape.application.safeParse(name);
  if (!parsed.success || parsed.data === undefined) throw new UsageError(`${flag}: expected an application name of 1 to 200 characters, received "${shorten(name, 40)}"`, 'give the application name, e.g. --name Claims');
  return parsed.data;
}

/** Applies command-line flags over the config; flags win. Paths on the command line are relative to cwd. */
export function applyFlags(config: Config, flags: CommonFlags, cwd: string): Config {
  const abs = (p: string) => resolve(cwd, p);
  const next: Config = { ...config, gate: { ...config.gate }, output: { ...config.output }, suppressions: { ...config.suppressions } };
  const extraRules = flags.rules ?? [];
  if (extraRules.length) {
    const semgrep = next.scanners.find((s) => s.type === 'semgrep');
    if (!semgrep) throw new UsageError('--rules needs a semgrep scanner, and the config declares none', 'add `- type: semgrep` under scanners:');
    next.scanners = next.scanners.map((s) => (s === semgrep && s.type === 'semgrep' ? { ...s, rules: [...s.rules, ...extraRules.map(abs)] } : s));
  }
  if (flags.out) next.output.dir = abs(flags.out);
  if (flags.cache) next.cache = { ...config.cache, dir: abs(flags.cache) };
  if (flags.name !== undefined) next.application = applicationName(flags.name, '--name');
  if (flags.failOn) next.gate.failOn = levelSchema.parse(flags.failOn);
  if (flags.format) next.output.formats = parseFormats(flags.format).map((f) => f.format);
  if (flags.sarifProfile === 'github' || flags.sarifProfile === 'full') next.output.sarifProfile = flags.sarifProfile;
  if (flags.suppressions?.length) next.suppressions.files = [...next.suppressions.files, ...flags.suppressions.map(abs)];
  if (flags.builtinSuppressions === false) next.suppressions.builtin = false;
  if (flags.baseline) next.baseline = abs(flags.baseline);
  if (flags.newOnly) next.gate.newOnly = true;
  if (flags.max !== undefined) {
    const n = Number(flags.max);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max: expected a whole number >= 0, received "${flags.max}"`);
    next.gate.max = n;
  }
  if (flags.allowPartial) next.gate.allowPartial = true;
  if (flags.redactSecrets === false) next.output.redactSecrets = false;
  if (flags.probeUrl !== undefined || flags.allow?.length) {
    const exposure = exposureConfigSchema.safeParse({ ...config.exposure, ...(flags.probeUrl !== undefined ? { probeUrl: flags.probeUrl } : {}), allow: [...config.exposure.allow, ...(flags.allow ?? []).map(abs)] });
    if (!exposure.success) throw new UsageError(`--probe-url: ${exposure.error.issues[0]?.message ?? 'invalid'}`, 'give the base URL the apps are served at from outside, e.g. https://apps.example.com');
    next.exposure = exposure.data;
  }
  return next;
}
