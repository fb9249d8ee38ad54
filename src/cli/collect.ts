// Commander's accumulator for a repeatable option, shared by every command that has one.

/** Each use of the option appends its value to the ones before. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
