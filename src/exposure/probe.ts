// Probes SOAP and REST endpoints from outside, without any credential: one GET per endpoint, bounded in time and concurrency.
import pLimit from 'p-limit';
import { UsageError } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { ossastVersion } from '../util/version.js';
import { networkFetch, type Fetch } from '../util/network.js';
import type { ProbeVerdict, SourceEndpoint } from '../model/exposure.js';

export interface ProbeResult {
  url: string;
  status?: number;
  verdict: ProbeVerdict;
  error?: string;
}

export interface ProbeOptions {
  /** Per request: connecting, the answer's headers, everything (seconds). */
  timeoutSeconds: number;
  /** All requests together; requests not finished by then are `error` (seconds). */
  deadlineSeconds: number;
  /** Requests in flight at once. */
  concurrency: number;
  signal?: AbortSignal;
}

export const probeDefaults = { timeoutSeconds: 10, deadlineSeconds: 120, concurrency: 4 } as const;

/**
 * Checks a --probe-url / exposure.probeUrl: http or https, no user name or password, no query or fragment (the probe
 * appends paths; anything secret has no place in it). Returns it without a trailing slash.
 */
export function validateProbeUrl(text: string, field: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${field}: "${redact(text)}" is not a URL`, 'give the server the modules run on, e.g. https://apps.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${field}: only http and https URLs can be probed, received ${url.protocol.replace(/:$/, '')}`, 'give the server the modules run on, e.g. https://apps.example.com');
  if (url.username || url.password) throw new UsageError(`${field}: the URL holds a user name or password`, 'the probe calls every endpoint as an anonymous outsider: give the URL without credentials');
  if (url.search || url.hash) throw new UsageError(`${field}: the URL has a query or fragment (${url.origin}${url.pathname})`, 'give only the server and, if needed, a base path: the probe appends /<Module>/...');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The URLs probed for an endpoint, in order: a SOAP service's WSDL (`<path>?WSDL`); a REST API's root
 * (`/<Module>/rest/<API>/`, where the platform shows the API's documentation unless it is turned off), then, when
 * that answers 404, the method path the inventory gives. Screen services are not probed: a Reactive or Mobile app
 * must serve them to its browsers, so reaching one from outside says nothing.
 * Public source: "accessing the root url of your service automatically displays the necessary documentation"
 * (OutSystems, https://www.outsystems.com/forums/discussion/14667/amsterdam-exposing-rest-apis/).
 */
export function probeUrlsOf(endpoint: SourceEndpoint, base: string): string[] {
  const parts = endpoint.path.split('/').map((p) => encodeURIComponent(decodeSafe(p)));
  if (endpoint.kind === 'soap') return [`${base}${parts.join('/')}?WSDL`];
  if (endpoint.kind !== 'rest') return [];
  const method = `${base}${parts.join('/')}`;
  const rest = parts.indexOf('rest');
  const root = rest > 0 && parts.length > rest + 1 ? `${base}${parts.slice(0, rest + 2).join('/')}/` : undefined;
  if (!root) return [method];
  return root === method || root === `${method}/` ? [root] : [root, method];
}

const decodeSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Probes every SOAP and REST endpoint (results in the same order; undefined for screen services). */
export async function probeEndpoints(endpoints: SourceEndpoint[], base: string, opts: ProbeOptions): Promise<(ProbeResult | undefined)[]> {
  const limit = pLimit(Math.max(1, opts.concurrency));
  const deadline = AbortSignal.timeout(opts.deadlineSeconds * 1000);
  const cache = new Map<string, Promise<ProbeResult>>();
  // Through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY names the host, as the LifeTime calls (src/util/network.ts).
  const fetcher = networkFetch(process.env);
  return Promise.all(
    endpoints.map((e) => {
      const urls = probeUrlsOf(e, base);
      if (!urls.length) return undefined;
      return probeInOrder(urls, (url) => {
        // One request per URL, however many endpoints share it (a REST API's root).
        let pending = cache.get(url);
        if (!pending) {
          pending = limit(() => probeOne(url, opts, deadline, fetcher));
          cache.set(url, pending);
        }
        return pending;
      });
    }),
  );
}

/** The first answer that is not 404 (absent), else the last one. */
async function probeInOrder(urls: string[], probe: (url: string) => Promise<ProbeResult>): Promise<ProbeResult> {
  let result: ProbeResult | undefined;
  for (const url of urls) {
    result = await probe(url);
    if (result.verdict !== 'absent') return result;
  }
  return result ?? { url: '', verdict: 'error', error: 'nothing to probe' };
}

/** One GET, no credential, redirects not followed, body never read. */
export async function probeOne(url: string, opts: ProbeOptions, deadline: AbortSignal, fetcher: Promise<Fetch> = networkFetch(process.env)): Promise<ProbeResult> {
  if (deadline.aborted) return { url, verdict: 'error', error: `not probed: the overall probe deadline (${opts.deadlineSeconds}s) had passed` };
  const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutSeconds * 1000), deadline, ...(opts.signal ? [opts.signal] : [])]);
  try {
    // Only these headers are sent: no Authorization, no cookie; fetch sends no credential of its own.
    const res = await (await fetcher)(url, { method: 'GET', redirect: 'manual', credentials: 'omit', signal, headers: { accept: '*/*', 'user-agent': `ossast-probe/${ossastVersion()}` } });
    await res.body?.cancel().catch(() => undefined);
    return { url, status: res.status, ...verdictOf(res.status, res.headers.get('location')) };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const why = deadline.aborted ? `the overall probe deadline (${opts.deadlineSeconds}s) passed` : signal.aborted ? `no answer within ${opts.timeoutSeconds}s` : describeFetchError(err);
    return { url, verdict: 'error', error: redact(why) };
  }
}

/** 403 internal-only, 2xx reachable, 404 absent, anything else error (with the reason). */
export function verdictOf(status: number, location?: string | null): { verdict: ProbeVerdict; error?: string } {
  if (status === 403) return { verdict: 'internal-only' };
  if (status >= 200 && status < 300) return { verdict: 'reachable' };
  if (status === 404) return { verdict: 'absent' };
  if (status >= 300 && status < 400) return { verdict: 'error', error: `HTTP ${status}: redirect${location ? ` to ${redact(originAndPath(location))}` : ''}, not followed` };
  return { verdict: 'error', error: `HTTP ${status}` };
}

function originAndPath(location: string): string {
  try {
    const u = new URL(location, 'http://relative.invalid');
    return u.origin === 'http://relative.invalid' ? u.pathname : `${u.origin}${u.pathname}`;
  } catch {
    return '(unparsable Location)';
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause.message : '';
    return cause ? `${err.message}: ${cause}` : err.message;
  }
  return String(err);
}
