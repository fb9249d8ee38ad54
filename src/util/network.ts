// How ossast reaches the network behind corporate proxies and private CAs: HTTP_PROXY / HTTPS_PROXY / NO_PROXY
// (lower-case forms first, as curl and undici read them) and extra CA certificates. Without either, Node's own fetch is
// used; with one, undici's EnvHttpProxyAgent, loaded only then (commands that make no request never load it).
import { FileRefused, readRegularFileSync } from './read-file.js';
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { createRequire } from 'node:module';
import { ConfigError } from './errors.js';
import { registerSecret } from './redact.js';

/** What ossast's requests set: no body (the LifeTime calls and probes send none), so both fetches take it. */
export interface FetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  redirect: 'follow' | 'manual';
  signal: AbortSignal;
  credentials?: 'omit';
}

/** The fetch ossast calls: Node's own, or undici's through a proxy-aware agent. */
export type Fetch = (input: URL | string, init: FetchInit) => Promise<Response>;

export interface ProxySettings {
  http: string | undefined;
  https: string | undefined;
  noProxy: string | undefined;
}

const pick = (env: NodeJS.ProcessEnv, name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;

/** The proxy variables, as undici's EnvHttpProxyAgent reads them; a proxy's password is registered as a secret. */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const http = pick(env, 'http_proxy');
  const https = pick(env, 'https_proxy');
  for (const p of [http, https]) {
    const u = p ? (URL.canParse(p) ? new URL(p) : undefined) : undefined;
    if (u?.password) {
      registerSecret(decodeURIComponent(u.password));
      registerSecret(u.password);
    }
  }
  return { http, https: https ?? http, noProxy: pick(env, 'no_proxy') };
}

/** The proxy a request to `url` goes through (NO_PROXY as undici matches it), shown without credentials; undefined when none. */
export function proxyFor(url: URL, s: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? s.https : s.http;
  if (!proxy) return undefined;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || (url.protocol === 'https:' ? 443 : 80);
  const entries = (s.noProxy ?? '').split(/[,\s]/).filter(Boolean);
  if (s.noProxy === '*') return undefined;
  for (const entry of entries) {
    const m = /^(.+):(\d+)$/.exec(entry);
    const name = (m ? m[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return undefined;
  }
  return URL.canParse(proxy) ? new URL(proxy).origin : '(an unreadable proxy URL)';
}

/** Whether `url` names this machine (plain http to it never crosses a network). */
export function isLoopback(url: URL): boolean {
  const h = url.hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]';
}

/** A CA file is read up to this size: a bundle of a few hundred certificates. */
const MAX_CA_BYTES = 1024 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

/**
 * The PEM certificates of a CA file (lifetime.caFile): a regular file (a FIFO or device is refused without blocking),
 * at most 1 MiB, holding one or more PEM certificates that parse. Refused with ConfigError (exit 2) naming `field`.
 */
export function readCaFile(path: string, field: string): string[] {
  const hint = `set ${field} to a PEM file of your organisation's CA certificate(s) ("-----BEGIN CERTIFICATE-----" blocks), e.g. exported from the proxy's or the LifeTime server's chain`;
  let text: string;
  try {
    text = readRegularFileSync(path, { maxBytes: MAX_CA_BYTES }).toString('latin1');
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    if (err.why === 'not-a-file') throw new ConfigError(`${field}: ${path} is not a regular file (${err.found ?? 'something else'})`, hint);
    if (err.why === 'too-large')
      throw new ConfigError(`${field}: ${path} ${err.bytes !== undefined ? `holds ${err.bytes} bytes, more than the ${MAX_CA_BYTES} ossast reads` : `is over the ${MAX_CA_BYTES} bytes ossast reads`} for CA certificates`, hint);
    throw new ConfigError(`${field}: cannot open ${path}: ${err.message}`, hint);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (!blocks.length) throw new ConfigError(`${field}: ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`, hint);
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new ConfigError(`${field}: certificate ${i + 1} of ${blocks.length} in ${path} does not parse: ${err instanceof Error ? err.message : String(err)}`, hint);
    }
  });
  return blocks;
}

/** What Node trusts by default (its CA store, and NODE_EXTRA_CA_CERTS where Node can list them), to which a CA file adds. */
function defaultCas(): string[] {
  const list = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  return typeof list === 'function' ? list('default') : [...tls.rootCertificates];
}

/** undici, required from node_modules on first use: only runs that set a proxy or a CA file load it. */
let undici: typeof import('undici') | undefined;
const loadUndici = (): typeof import('undici') => (undici ??= createRequire(import.meta.url)('undici'));

/**
 * The fetch for requests under `env`'s proxy variables, trusting `ca` besides the defaults. Node's own fetch when there
 * is neither: it then ignores proxy variables as before, and undici is not loaded.
 */
export async function networkFetch(env: NodeJS.ProcessEnv, ca?: string[]): Promise<Fetch> {
  const s = proxySettings(env);
  if (!s.http && !s.https && !ca?.length) return (input, init) => fetch(input, init);
  const { EnvHttpProxyAgent, fetch: undiciFetch } = loadUndici();
  const trust = ca?.length ? { ca: [...defaultCas(), ...ca] } : {};
  // Empty strings, not undefined: undici would otherwise read process.env itself.
  const dispatcher = new EnvHttpProxyAgent({ httpProxy: s.http ?? '', httpsProxy: s.https ?? '', noProxy: s.noProxy ?? '', connect: trust, requestTls: trust, proxyTls: trust });
  // undici's Response is the one Node's fetch returns (Node bundles undici); only the declared types differ.
  return (input, init) => undiciFetch(input, { ...init, dispatcher });
}
