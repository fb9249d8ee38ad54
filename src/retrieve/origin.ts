// Where a URL points: its origin (scheme, host, port) and how to show it (never its query, fragment or credentials).

/** The origin as people read it: "https://lt.example.com", "http://127.0.0.1:8080"; "a data: URL" when it has none. */
export function originOf(url: URL): string {
  return url.origin === 'null' ? `a ${url.protocol} URL` : url.origin;
}

/** A URL safe to print: origin and path only. Download links carry signatures in the query; those are never shown. */
export function shownUrl(url: string | URL): string {
  const u = typeof url === 'string' ? parse(url) : url;
  if (!u) return '(not a URL)';
  return u.origin === 'null' ? `${u.protocol}…` : `${u.origin}${u.pathname}`;
}

/** Why ossast may not send the token to `target` (undefined when it may): only LifeTime's own origin gets it. */
export function offOrigin(target: URL, lifetime: URL): string | undefined {
  if (target.origin !== lifetime.origin) return `it points to ${originOf(target)}, not to LifeTime (${originOf(lifetime)})`;
  if (target.username || target.password) return 'it carries user credentials';
  return undefined;
}

/** The URL, or undefined when `text` is not one (resolved against `base` when given). */
export function parse(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
