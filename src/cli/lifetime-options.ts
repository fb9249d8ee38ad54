// The LifeTime command-line flags shared by `fetch`, `plan` and `run`, and how they become (or override) the lifetime: section.
import type { Command } from 'commander';
import { lifetimeConfigSchema, type LifetimeConfig } from '../retrieve/config.js';
import { UsageError } from '../util/errors.js';
import { collect } from './collect.js';

export function addLifetimeOptions(cmd: Command): Command {
  return cmd
    .option('--lifetime-url <url>', 'LifeTime base URL (token from the LIFETIME_TOKEN environment variable)')
    .option('--environment <name>', 'LifeTime environment, by name or key')
    .option('--app <name>', 'application to fetch, by name or key (repeatable)', collect)
    .option('--module <name>', 'module to fetch, by name or key (repeatable)', collect);
}

/** Flags win over the config's lifetime: section; undefined when neither sets a LifeTime URL. */
export function lifetimeConfigFromFlags(flags: Record<string, unknown>, base?: LifetimeConfig): LifetimeConfig | undefined {
  const url = typeof flags['lifetimeUrl'] === 'string' ? flags['lifetimeUrl'] : undefined;
  const environment = typeof flags['environment'] === 'string' ? flags['environment'] : undefined;
  const list = (k: string) => (Array.isArray(flags[k]) ? flags[k].filter((x): x is string => typeof x === 'string') : []);
  const apps = list('app');
  const mods = list('module');
  if (!url && !base) {
    if (environment || apps.length || mods.length) throw new UsageError('--environment, --app and --module need --lifetime-url (or a lifetime: section in the config)');
    return undefined;
  }
  const merged = {
    ...(base ?? {}),
    ...(url ? { url } : {}),
    ...(environment ? { environment } : {}),
    ...(apps.length || mods.length ? { applications: apps, modules: mods } : {}),
  };
  const parsed = lifetimeConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UsageError(`LifeTime flags: ${i?.path.join('.') || 'lifetime'}: ${i?.message ?? 'invalid'}`, 'pass --lifetime-url URL --environment NAME and at least one --app or --module');
  }
  return parsed.data;
}
