// Names to keys: case-insensitive exact match on Name (or the Key itself); unknown or ambiguous names list what exists.
import { ConfigError } from '../util/errors.js';

export function resolveByName<T extends { Key: string; Name: string }>(items: T[], wanted: string, kind: string): T {
  const byKey = items.find((i) => i.Key === wanted);
  if (byKey) return byKey;
  const hits = items.filter((i) => i.Name.toLowerCase() === wanted.toLowerCase());
  if (hits.length === 1) return hits[0]!;
  // Two names differing only in case: the one written exactly as asked wins; otherwise it is ambiguous.
  const exact = hits.filter((i) => i.Name === wanted);
  if (exact.length === 1) return exact[0]!;
  const known = items.map((i) => i.Name).sort();
  const list = known.length > 30 ? `${known.slice(0, 30).join(', ')} … (${known.length} in all)` : known.join(', ') || 'none';
  if (hits.length > 1) {
    throw new ConfigError(`${kind} name "${wanted}" is ambiguous: ${hits.length} ${kind}s have that name (keys ${hits.map((h) => h.Key).join(', ')})`, `use the key instead of the name`);
  }
  throw new ConfigError(`no ${kind} named "${wanted}" in LifeTime; ${kind}s that exist: ${list}`, `check the spelling (names match case-insensitively), or use the ${kind} key`);
}
