// Keeps secrets (the LifeTime token, any value the user marks secret) out of every output.

const secrets = new Set<string>();

/** Registers a value that must never be printed or written. Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Replaces every registered secret, and bearer tokens in general, with "***". */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***');
}

/** Redacts every string inside a JSON-like value (for SARIF and manifests). */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
