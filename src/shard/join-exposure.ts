// Joins the shards' exposure inventories (exposure.json) into the one a full run would write. Pure.
import type { ExposureReport } from '../model/exposure.js';
import { compareEndpoints } from '../exposure/inventory.js';

/**
 * Endpoints of every shard in a full run's order (module, kind, name); an allow-list entry is unused only when no
 * shard used it, in the allow-list's order; expired entries are the same list in every shard (kept once). The shards were checked to share
 * the allow-lists and the probe URL (checkShards).
 */
export function joinExposure(reports: ExposureReport[], now: Date): ExposureReport {
  const key = (e: { id: string; file: string }) => `${e.file}\u0000${e.id}`;
  // A shard lists an entry as unused when none of its endpoints matched it; in the join, when no shard's did.
  const unusedIn = reports.map((r) => new Set(r.allowList.unused.map(key)));
  const unused = (reports[0]?.allowList.unused ?? []).filter((e) => unusedIn.every((u) => u.has(key(e))));
  const expired = new Map(reports.flatMap((r) => r.allowList.expired).map((e) => [key(e), e]));
  const probeUrl = reports.find((r) => r.probeUrl)?.probeUrl;
  return {
    kind: 'ossast-exposure',
    version: 1,
    generatedAt: now.toISOString(),
    ...(probeUrl ? { probeUrl } : {}),
    endpoints: reports.flatMap((r) => r.endpoints).sort(compareEndpoints),
    allowList: { unused, expired: [...expired.values()] },
  };
}
