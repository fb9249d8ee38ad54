// The plan's targets: LifeTime applications and modules (resolved, not packaged) and local modules with their sizes.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceTarget } from '../model/targets.js';
import type { PlanTarget } from '../model/shard.js';

/** Bytes of the files under a folder (links not followed). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

/** Extracted local targets as plan targets, sized by what extraction wrote (LifeTime packages are not local targets). */
export async function localPlanTargets(targets: SourceTarget[]): Promise<PlanTarget[]> {
  const local = targets.filter((t) => t.origin.kind !== 'lifetime');
  return Promise.all(local.map(async (t) => ({ kind: 'local' as const, id: t.id, bytes: await folderBytes(t.dir) })));
}
