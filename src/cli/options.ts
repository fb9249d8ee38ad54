// Flags shared by scan and run, and how they override the config file.
import { Command, Option } from 'commander';
import type { Config } from '../config/schema.js';
import { formatSchema } from '../report/config.js';
import { levelSchema } from '../gate/config.js';
import { UsageError } from '../util/errors.js';
import { exposureConfigSchema } from '../exposure/config.js';
import { resolve } from 'node:path';

export interface CommonFlags {
  config?: string;
  rules?: string[];
  out?: string;
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
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .addHelpText('after', `\n${ENV_HELP}`)
    .option('-c, --config <file>', 'pipeline config (YAML)')
    .option('--rules <path>', 'extra Semgrep rule file or folder, added to the bundled pack (repeatable)', collect)
    .option('-o, --out <dir>', 'output folder (default: ossast-out)')
    .addOption(new Option('--fail-on <level>', 'lowest level that fails the run (default: error)').choices(levelSchema.options))
    .option('--format <list>', `outputs to write, comma-separated: ${formatSchema.options.join(',')}`)
    .addOption(new Option('--sarif-profile <profile>', 'full: one complete log; github: also upload files within GitHub code scanning limits').choices(['full', 'github']))
    .option('--suppressions <file>', 'suppression file (repeatable)', collect)
    .option('--no-builtin-suppressions', 'do not apply config/suppressions/outsystems-generated.yml')
    .option('--baseline <sarif>', 'previous results.sarif: sets baselineState on every result')
    .option('--new-only', 'count only results that are new against the baseline')
    .option('--max <n>', 'findings tolerated before failing (default 0)')
    .option('--allow-partial', 'accept results when a target or scanner failed (the log says partial)')
    .option('--probe-url <url>', 'probe every SOAP and REST endpoint from outside at this URL, without credentials (exposure.probeUrl)')
    .option('--allow <file>', 'exposure allow-list file (repeatable; exposure.allow)', collect)
    .option('--no-redact-secrets', 'write hard-coded secrets found in the code unmasked in every output (output.redactSecrets: false)');
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

export const ENV_HELP = `Environment: ${Object.entries(ENV_FLAGS).map(([e, k]) => `${e} (--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)})`).join(', ')}; a flag wins over its variable. NO_COLOR / FORCE_COLOR as --color never / always.`;

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
  if (flags.failOn) next.gate.failOn = levelSchema.parse(flags.failOn);
  if (flags.format) {
    const formats = flags.format.split(',').map((f) => f.trim()).filter(Boolean);
    const bad = formats.filter((f) => !formatSchema.safeParse(f).success);
    if (bad.length) throw new UsageError(`--format: unknown output ${bad.map((b) => `"${b}"`).join(', ')}`, `choose from ${formatSchema.options.join(', ')}`);
    next.output.formats = formats.map((f) => formatSchema.parse(f));
  }
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
