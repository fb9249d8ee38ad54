// Keeps secrets (the LifeTime token, any value the user marks secret) out of every output and every child process.

const secrets = new Set<string>();
/** The registered forms, longest first, so a form that contains another is replaced whole. */
let ordered: string[] = [];

/** Registers a value that must never be printed or written, with the forms it takes inside JSON strings and URLs.
 *  Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) secrets.add(form);
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Replaces every registered secret, and bearer tokens in general, with "***". */
export function redact(text: string): string {
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join('***');
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***');
}

/** The environment without any variable that holds a registered secret: what a child process (a scanner) gets. */
export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v === undefined || !ordered.some((s) => v.includes(s))));
}
