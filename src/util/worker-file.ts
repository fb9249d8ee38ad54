// Where a worker thread's compiled script is: next to the caller in dist/, also when the caller runs from src/ (tests).
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from './errors.js';
import { packageRoot } from './version.js';

/** `callerUrl` is the caller's import.meta.url; `script` the worker's file name beside it, as compiled (".js"). */
export function workerFile(callerUrl: string, script: string): string {
  const here = fileURLToPath(callerUrl);
  const root = packageRoot();
  const file = here.endsWith('.ts') ? join(root, 'dist', relative(root, dirname(here)), script) : join(dirname(here), script);
  if (!existsSync(file)) throw new PipelineError(`the worker script ${file} is missing`, 'build ossast first: npm run build (npm test and npm run demo do it)');
  return file;
}
