// Process checks shared by the tests that stop ossast and its tools: alive (and not a zombie), and polling.
import { existsSync, readFileSync } from 'node:fs';

/** Alive and not a zombie (a killed child whose parent is gone may linger as one in a container). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Polls `check` every `everyMs` until it holds; false when `ms` pass first. */
export async function poll(check: () => boolean, ms: number, everyMs = 50): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/** Polls `check` until it holds; throws when `ms` pass first. */
export async function waitFor(check: () => boolean, ms = 60_000, everyMs = 50): Promise<void> {
  if (!(await poll(check, ms, everyMs))) throw new Error('timed out waiting');
}
