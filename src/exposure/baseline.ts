// Reads the baseline's inventory: exposure.json beside the baseline SARIF (bounded, validated); its endpoint names.
import { FileRefused, readRegularFile } from '../util/read-file.js';
import { checkJsonDepth } from '../util/json-depth.js';
import { dirname, join } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { exposureReportSchema } from '../model/exposure.js';

/** exposure.json files over this are refused (an inventory of 100,000 endpoints is far below it). */
export const maxBaselineInventoryBytes = 64 * 1024 ** 2;

/**
 * The names in `<folder of the baseline SARIF>/exposure.json`, or undefined when there is none (an older run, or a
 * SARIF log from elsewhere): then no endpoint is marked new. A file that is there but unreadable or invalid is a
 * config error (exit 2), naming it.
 */
export async function loadBaselineInventory(baselineSarif: string): Promise<{ path: string; names: Set<string> } | undefined> {
  const path = join(dirname(baselineSarif), 'exposure.json');
  const hint = 'keep the exposure.json written beside the baseline results.sarif, unchanged, or remove it (then no endpoint is marked new)';
  let text: string;
  try {
    text = (await readRegularFile(path, { maxBytes: maxBaselineInventoryBytes })).toString('utf8');
  } catch (err) {
    if (err instanceof FileRefused && err.why === 'missing') return undefined;
    if (err instanceof FileRefused && err.why === 'not-a-file') throw new ConfigError(`baseline inventory ${path} is not a regular file (${err.found ?? 'something else'})`, hint);
    if (err instanceof FileRefused && err.why === 'too-large') throw new ConfigError(`baseline inventory ${path} is over ${maxBaselineInventoryBytes / 1024 ** 2} MiB`, hint);
    throw new ConfigError(`baseline inventory: ${err instanceof Error ? err.message : String(err)}`, hint);
  }
  let data: unknown;
  checkJsonDepth(text, `baseline inventory ${path}`, (m) => new ConfigError(m, hint));
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`baseline inventory ${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`, hint);
  }
  const parsed = exposureReportSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`baseline inventory ${path} is not an ossast exposure.json: ${first ? `${first.path.join('.') || '(top level)'}: ${first.message}` : 'invalid'}`, hint);
  }
  return { path, names: new Set(parsed.data.endpoints.map((e) => e.name)) };
}
