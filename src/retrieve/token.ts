// The LifeTime token: only from the environment (LIFETIME_TOKEN or a ${VAR} reference), never written anywhere.
import type { LifetimeConfig } from './config.js';
import { ConfigError } from '../util/errors.js';
import { registerSecret } from '../util/redact.js';

export function resolveToken(cfg: LifetimeConfig, env: NodeJS.ProcessEnv, where: string): string {
  const ref = cfg.token ?? '${LIFETIME_TOKEN}';
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref.trim());
  if (!m) {
    throw new ConfigError(
      `${where}: lifetime.token holds a literal value; ossast refuses tokens written in config files (they end up in git, in logs and in CI artifacts)`,
      'remove the value and set the LIFETIME_TOKEN environment variable from your secret store, or write token: ${MY_VAR}',
    );
  }
  const name = m[1]!;
  const token = env[name];
  if (!token) {
    throw new ConfigError(`the LifeTime token is missing: environment variable ${name} is not set`, `set ${name} to a LifeTime service account token (it needs Open and Debug permission on the environment)`);
  }
  registerSecret(token);
  return token;
}
