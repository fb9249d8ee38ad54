// Which shard scans which target: rendezvous hashing by target id, with a load bound so shards stay balanced.
import { createHash } from 'node:crypto';
import type { PlanTarget } from './schema.js';

/** The key a target is known by in a plan (its kind and id, so a LifeTime app and a local folder never collide). */
export const targetKey = (t: Pick<PlanTarget, 'kind' | 'id'>) => `${t.kind}:${t.id}`;

/** SHA-256 of the sorted target list: every shard of one plan computes the same, whatever order it found them in. */
export function planHash(targets: Pick<PlanTarget, 'kind' | 'id'>[]): string {
  const keys = [...new Set(targets.map(targetKey))].sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

/** Shards 1..n in the order this target prefers them (highest rendezvous score first). */
function preference(key: string, n: number): number[] {
  const score = (s: number) => createHash('sha256').update(`${key}\u0000${s}`).digest().readBigUInt64BE(0);
  const scored = Array.from({ length: n }, (_, i) => ({ shard: i + 1, score: score(i + 1) }));
  return scored.sort((a, b) => (a.score === b.score ? a.shard - b.shard : a.score > b.score ? -1 : 1)).map((s) => s.shard);
}

/**
 * Assigns every target a shard 1..n. Each target goes to the shard its id ranks first (rendezvous hashing, so adding or
 * removing other targets leaves it where it was), unless that shard is already full: then to its next choice. "Full" is
 * measured in bytes for targets of known size (local sources, bound 10% over an even split) and in targets for the others
 * (LifeTime, sizes unknown before packaging; bound an even split), each group balanced on its own.
 */
export function assignShards(targets: PlanTarget[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  const sized = targets.filter((t) => t.bytes !== undefined);
  const unsized = targets.filter((t) => t.bytes === undefined);
  place(sized, n, (t) => t.bytes ?? 0, 1.1, out);
  place(unsized, n, () => 1, 1, out);
  return out;
}

function place(targets: PlanTarget[], n: number, weight: (t: PlanTarget) => number, slack: number, out: Map<string, number>): void {
  const total = targets.reduce((s, t) => s + weight(t), 0);
  const cap = Math.ceil((slack * total) / n);
  const load = new Array<number>(n + 1).fill(0);
  // Largest first (ties by key): the big ones find room at their first choice, the small ones fill in.
  const order = [...new Map(targets.map((t) => [targetKey(t), t])).values()].sort((a, b) => weight(b) - weight(a) || (targetKey(a) < targetKey(b) ? -1 : 1));
  for (const t of order) {
    const key = targetKey(t);
    const prefs = preference(key, n);
    const fits = prefs.find((s) => load[s]! + weight(t) <= cap);
    const shard = fits ?? prefs.reduce((best, s) => (load[s]! < load[best]! ? s : best), prefs[0]!);
    load[shard] = (load[shard] ?? 0) + weight(t);
    out.set(key, shard);
  }
}

/** A shard's share of a packaging budget for the whole matrix: an even split, the remainder to the first shards. */
export function packagingShare(budget: number, index: number, total: number): number {
  return Math.floor(budget / total) + (index <= budget % total ? 1 : 0);
}
