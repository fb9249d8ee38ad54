// Where a worker thread's compiled script is: next to the caller in dist/, also when the caller runs from src/ (tests).
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './version.js';

/** `callerUrl` is the caller's import.meta.url; `script` the worker's file name beside it, as compiled (".js"). */
export function workerFile(callerUrl: string, script: string): string {
  const here = fileURLToPath(callerUrl);
  if (!here.endsWith('.ts')) return join(dirname(here), script);
  const root = packageRoot();
  return join(root, 'dist', relative(root, dirname(here)), script);
}
