// Which shard scans which target: rendezvous hashing by target id, with a load bound so shards stay balanced.
import { createHash } from 'node:crypto';
import type { PlanTarget } from '../model/shard.js';
import { sha256Hex } from '../util/hash.js';

/** The key a target is known by in a plan (its kind and id, so a LifeTime app and a local folder never collide). */
export const targetKey = (t: Pick<PlanTarget, 'kind' | 'id'>) => `${t.kind}:${t.id}`;

/** SHA-256 of the sorted target list: every shard of one plan computes the same, whatever order it found them in. */
export function planHash(targets: Pick<PlanTarget, 'kind' | 'id'>[]): string {
  const keys = [...new Set(targets.map(targetKey))].sort();
  return sha256Hex(keys.join('\n'));
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The target's rendezvous score for each shard 1..n (index 0 unused): a pseudo-random function of its id and the shard. */
function scores(key: string, n: number): Uint32Array {
  const digest = createHash('sha256').update(key).digest();
  const a = digest.readUInt32BE(0);
  const b = digest.readUInt32BE(4);
  const out = new Uint32Array(n + 1);
  for (let s = 1; s <= n; s++) out[s] = fmix32(a ^ fmix32(b ^ s));
  return out;
}

/**
 * The shard for a target: of the shards with room for it, the one it scores highest (the first it meets going down its
 * order of preference); when none has room, the least loaded (ties: the higher score).
 */
function choose(score: Uint32Array, load: number[], room: (shard: number) => boolean): number {
  let fit = 0;
  let least = 1;
  for (let s = 1; s < score.length; s++) {
    if (room(s) && (fit === 0 || score[s]! > score[fit]!)) fit = s;
    if (load[s]! < load[least]! || (load[s] === load[least] && score[s]! > score[least]!)) least = s;
  }
  return fit || least;
}

/**
 * Assigns every target a shard 1..n. Each target goes to the shard its id ranks first (rendezvous hashing, so adding or
 * removing other targets leaves it where it was), unless that shard is full: then to its next choice. Targets of known
 * size (local sources) fill shards up to 10% over an even split of the bytes; the others (LifeTime, sizes unknown before
 * packaging) are split evenly by count (shards differ by one target at most). Each group is balanced on its own.
 */
export function assignShards(targets: PlanTarget[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  const unique = [...new Map(targets.map((t) => [targetKey(t), t])).values()];
  const sized = unique.filter((t) => t.bytes !== undefined).sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0) || (targetKey(a) < targetKey(b) ? -1 : 1));
  const counted = unique.filter((t) => t.bytes === undefined).sort((a, b) => (targetKey(a) < targetKey(b) ? -1 : 1));

  // Largest first: the big ones find room at their first choice, the small ones fill in.
  const bytes = new Array<number>(n + 1).fill(0);
  const cap = Math.ceil((1.1 * sized.reduce((s, t) => s + (t.bytes ?? 0), 0)) / n);
  for (const t of sized) {
    const shard = choose(scores(targetKey(t), n), bytes, (s) => bytes[s]! + (t.bytes ?? 0) <= cap);
    bytes[shard]! += t.bytes ?? 0;
    out.set(targetKey(t), shard);
  }

  // An even split: every shard holds `floor` targets, `extra` of them one more.
  const count = new Array<number>(n + 1).fill(0);
  const floor = Math.floor(counted.length / n);
  let extra = counted.length % n;
  for (const t of counted) {
    const shard = choose(scores(targetKey(t), n), count, (s) => count[s]! < floor || (count[s] === floor && extra > 0));
    if (count[shard] === floor) extra--;
    count[shard]! += 1;
    out.set(targetKey(t), shard);
  }
  return out;
}

/** A shard's share of a packaging budget for the whole matrix: an even split, the remainder to the first shards. */
export function packagingShare(budget: number, index: number, total: number): number {
  return Math.floor(budget / total) + (index <= budget % total ? 1 : 0);
}
