// Mapping a big array when most items stay as they are: no copy unless one changes.

/** `items` with `fn` applied: the same array when `fn` returned every item itself (a million results allocate nothing), else a copy made at the first change. */
export function mapChanged<T>(items: T[], fn: (item: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = fn(item);
    if (next === item && out === undefined) continue;
    out ??= items.slice(0, i);
    out.push(next);
  }
  return out ?? items;
}
