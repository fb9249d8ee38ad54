// One order for names in every report: by UTF-16 code unit, the same on every machine and locale (localeCompare
// follows the ICU collation of wherever it runs, and its first call costs some 9 ms of start-up to build a collator).

/** Sort comparator for text: code-unit order ("B" before "a"), stable across machines. */
export function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
