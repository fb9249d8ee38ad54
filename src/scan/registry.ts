// Builds scanner adapters from the config's `scanners:` entries.
import type { ScannerConfig } from './config.js';
import type { Scanner } from './types.js';
import { createSemgrepScanner } from './semgrep/index.js';
import { createCommandScanner } from './command.js';
import { ConfigError } from '../util/errors.js';

/** `env` holds OSSAST_SEMGREP, when set (the Semgrep to run unless the config names one). */
export function createScanners(configs: ScannerConfig[], env: NodeJS.ProcessEnv = process.env): Scanner[] {
  const names = new Set<string>();
  return configs.map((c) => {
    if (names.has(c.name)) {
      throw new ConfigError(`two scanners are named "${c.name}"`, 'give each entry under scanners: its own name');
    }
    names.add(c.name);
    return (c.type === 'semgrep' ? createSemgrepScanner(c, env) : createCommandScanner(c)) satisfies Scanner;
  });
}
