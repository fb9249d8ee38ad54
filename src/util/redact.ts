// Keeps secrets (the LifeTime token, any value the user marks secret) out of every output.

const secrets = new Set<string>();

/** Registers a value that must never be printed or written, with the forms it takes inside JSON strings and URLs.
 *  Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) secrets.add(form);
}

/** Replaces every registered secret, and bearer tokens in general, with "***". */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a form that contains another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join('***');
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***');
}

/** Redacts every string inside a JSON-like value (for SARIF and manifests). */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
