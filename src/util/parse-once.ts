// zod compiles a parser of its own for each object schema the first time it parses with it (`new Function`), which
// pays off over many values and costs milliseconds for one: a config, a manifest, a set of flags. Those parse with
// this option, on zod's generic path; schemas parsed over and over (results, cache entries, endpoints) keep the
// compiled one. In a small scan this is about a tenth of ossast's own CPU.
export const PARSE_ONCE = { jitless: true } as const;
