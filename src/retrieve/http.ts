// The HTTP client for LifeTime: the token only to LifeTime's origin, a timeout and a deadline on every call, retries
// with backoff, jitter and Retry-After, and replies read within a size cap.
import type { z } from 'zod';
import { LifetimeError, certificateProblem, hintFor } from './errors.js';
import { errorBodySchema } from './schemas.js';
import { Deadline } from './deadline.js';
import { BodyCut, formatBytes, streamBody } from './body.js';
import { offOrigin, parse, shownUrl } from './origin.js';
import type { Logger } from '../util/log.js';
import { shorten } from '../util/redact.js';
import { ConfigError } from '../util/errors.js';
import { isLoopback, networkFetch, proxyFor, proxySettings, readCaFile, type Fetch } from '../util/network.js';

export interface ClientOptions {
  baseUrl: string;
  token: string;
  /** Longest wait for an answer, and longest silence while a reply streams in. */
  timeoutMs: number;
  /** Overall limit for one API call: every attempt, every wait between them and the reading of the reply. */
  deadlineMs: number;
  /** Largest JSON reply read, counted after any Content-Encoding is decoded. */
  maxReplyBytes: number;
  retries: number;
  log: Logger;
  signal?: AbortSignal;
  /** For tests: shortens backoff waits. */
  backoffBaseMs?: number;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  /** A PEM file of CA certificates to trust besides the defaults (lifetime.caFile). */
  caFile?: string;
}

/** A 2xx reply, its body unread, and the controller that aborts it. */
export interface Sent {
  res: Response;
  abort: AbortController;
}

const RETRYABLE = (s: number) => s === 429 || s >= 500;
/** Error bodies are read this far at most: enough for LifeTime's `{Errors: [...]}`. */
const ERROR_BODY_MAX = 64 * 1024;

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function backoffMs(attempt: number, base: number): number {
  const exp = Math.min(base * 2 ** attempt, 30_000);
  return exp / 2 + Math.random() * (exp / 2); // "equal jitter"
}

/** A configured duration as written ("0.5 s", "60 s"). */
const seconds = (ms: number) => `${ms / 1000} s`;

export class LifetimeClient {
  /** LifeTime's own origin: the only one the token is sent to. */
  readonly home: URL;

  /** The proxy LifeTime is reached through (HTTPS_PROXY / HTTP_PROXY, unless NO_PROXY names its host), for messages. */
  readonly proxy: string | undefined;
  private readonly ca: string[] | undefined;
  private fetcher: Promise<Fetch> | undefined;

  /**
   * Refuses (exit 2) plain http through a proxy, where the proxy would read the token, and a CA file that is not a
   * bounded regular file of PEM certificates; warns when the token would cross a network in clear.
   */
  constructor(readonly opts: ClientOptions) {
    this.home = new URL(opts.baseUrl);
    const env = opts.env ?? process.env;
    this.proxy = proxyFor(this.home, proxySettings(env));
    if (this.home.protocol === 'http:') {
      if (this.proxy) {
        throw new ConfigError(
          `lifetime.url ${this.home.origin} is plain http and HTTP_PROXY sends it through the proxy ${this.proxy}, which would read the LifeTime token in clear`,
          `use https:// for lifetime.url (the token then passes the proxy encrypted, through CONNECT), or add ${this.home.hostname} to NO_PROXY if LifeTime is reached without the proxy`,
        );
      }
      if (!isLoopback(this.home)) opts.log.warn(`lifetime.url ${this.home.origin} is plain http: the LifeTime token and the source packages cross the network unencrypted; use https://`);
    }
    this.ca = opts.caFile ? readCaFile(opts.caFile, 'lifetime.caFile') : undefined;
  }

  private fetch(): Promise<Fetch> {
    this.fetcher ??= networkFetch(this.opts.env ?? process.env, this.ca);
    return this.fetcher;
  }

  /** The API URL of `path` ("/environments/"...); paths are ossast's own, never taken from a reply. */
  url(path: string): string {
    if (!path.startsWith('/')) throw new Error(`LifeTime API path must start with "/": ${path}`);
    return `${this.opts.baseUrl.replace(/\/+$/, '')}/lifetimeapi/rest/v2${path}`;
  }

  /**
   * Sends a request with the token, retrying network errors, 429 and 5xx within `deadline`; returns the 2xx reply
   * with its body unread. Refuses (before any connection) a URL outside LifeTime's origin. Redirects are followed;
   * fetch drops the Authorization header when one leaves the origin.
   */
  async send(method: 'GET' | 'POST', url: string, what: string, opts: { deadline: Deadline; auth?: 'bearer' | 'bare'; accept?: 'json' | 'zip' }): Promise<Sent> {
    const target = parse(url);
    if (!target) throw new LifetimeError(`the address ossast was to call for ${what} is not a URL`, { url: '', hint: 'check lifetime.url in the config' });
    const shown = shownUrl(target);
    const off = offOrigin(target, this.home);
    if (off) {
      throw new LifetimeError(`refused to send the LifeTime token to ${shown} for ${what}: ${off}`, { url: shown, hint: 'the token goes only to the lifetime.url origin (same scheme, host and port); check lifetime.url' });
    }
    const { deadline } = opts;
    const base = this.opts.backoffBaseMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      const waitMs = Math.min(this.opts.timeoutMs, deadline.remainingMs());
      if (waitMs <= 0) throw this.late(method, shown, what, deadline, attempt);
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort(new Error('timeout'));
      }, waitMs);
      const signal = this.opts.signal ? AbortSignal.any([abort.signal, this.opts.signal]) : abort.signal;
      let res: Response;
      try {
        res = await (await this.fetch())(target, {
          method,
          headers: { Authorization: opts.auth === 'bare' ? this.opts.token : `Bearer ${this.opts.token}`, Accept: opts.accept === 'zip' ? 'application/octet-stream' : 'application/json' },
          redirect: 'follow',
          signal,
        });
      } catch (err) {
        if (this.opts.signal?.aborted) throw err;
        // A certificate LifeTime's side or a proxy presents is not accepted: no retry or timeout changes that.
        const tls = timedOut ? undefined : certificateProblem(err, this.home.origin);
        if (tls) throw new LifetimeError(`LifeTime ${method} ${shown} failed for ${what}: ${tls.text}${this.proxy ? ` (through the proxy ${this.proxy})` : ''}`, { url: shown, hint: tls.hint, cause: err });
        if (timedOut && (waitMs < this.opts.timeoutMs || deadline.remainingMs() <= 0)) throw this.late(method, shown, what, deadline, attempt);
        const why = `${timedOut ? `no answer within ${seconds(waitMs)}` : `network error: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`}${this.proxy ? ` (through the proxy ${this.proxy})` : ''}`;
        if (attempt < this.opts.retries) {
          await this.pause(backoffMs(attempt, base), `LifeTime ${method} ${shown}: ${why}`, { method, shown, what, deadline, attempt });
          continue;
        }
        throw new LifetimeError(`LifeTime ${method} ${shown} failed for ${what}: ${why} (after ${attempt + 1} attempt(s))`, {
          url: shown,
          hint: 'check the LifeTime URL, the network path to it, and raise lifetime.requestTimeoutSeconds if LifeTime is slow',
          cause: err,
        });
      } finally {
        clearTimeout(timer);
      }
      if (res.ok) return { res, abort };
      if (RETRYABLE(res.status) && attempt < this.opts.retries) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? backoffMs(attempt, base);
        abort.abort(new Error('retrying'));
        await res.body?.cancel().catch(() => undefined);
        await this.pause(wait, `LifeTime ${method} ${shown}: HTTP ${res.status}`, { method, shown, what, deadline, attempt });
        continue;
      }
      throw await this.errorFrom(res, abort, method, shown, what, attempt, deadline);
    }
  }

  /** GET or POST returning validated JSON; the whole call (retries, waits, reading) within lifetime.requestDeadlineSeconds. */
  async json<T extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: T, what: string): Promise<z.infer<T> | undefined> {
    const url = this.url(path);
    const shown = shownUrl(url);
    const deadline = new Deadline(this.opts.deadlineMs / 1000, 'lifetime.requestDeadlineSeconds');
    const { res, abort } = await this.send(method, url, what, { deadline, accept: 'json' });
    if (res.status === 204 || res.status === 205) {
      abort.abort(new Error('no content'));
      return undefined;
    }
    const parts: Uint8Array[] = [];
    try {
      await streamBody(res, abort, { maxBytes: this.opts.maxReplyBytes, idleMs: this.opts.timeoutMs, deadline }, (c) => void parts.push(c));
    } catch (err) {
      if (this.opts.signal?.aborted) throw this.opts.signal.reason;
      if (!(err instanceof BodyCut)) throw err;
      throw this.cutReply(err, method, shown, what, res.status, deadline);
    }
    const text = Buffer.concat(parts).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new LifetimeError(`LifeTime ${method} ${shown} answered HTTP ${res.status} with a body that is not JSON (${JSON.stringify(shorten(text, 80))})`, {
        url: shown,
        status: res.status,
        hint: 'check that the URL points at LifeTime (not a proxy or login page)',
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LifetimeError(`LifeTime ${method} ${shown} answered with an unexpected shape: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`, {
        url: shown,
        status: res.status,
        hint: 'check the LifeTime version (API v2 needs LifeTime 11.22.0 or later)',
      });
    }
    return parsed.data;
  }

  /** Waits before a retry, unless the wait would end past the deadline: then gives up at once and says so. */
  private async pause(wait: number, why: string, at: { method: string; shown: string; what: string; deadline: Deadline; attempt: number }): Promise<void> {
    if (wait >= at.deadline.remainingMs()) {
      throw new LifetimeError(`${why}; waiting ${(wait / 1000).toFixed(1)} s to retry would pass the deadline for ${at.what} (${at.deadline.seconds} s, ${at.deadline.field}), so ossast gave up after ${at.attempt + 1} attempt(s)`, {
        url: at.shown,
        hint: `raise ${at.deadline.field} if LifeTime needs this long; otherwise retry later`,
      });
    }
    this.opts.log.warn(`${why}; retry ${at.attempt + 1}/${this.opts.retries} in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait, this.opts.signal);
  }

  private late(method: string, shown: string, what: string, deadline: Deadline, attempt: number): LifetimeError {
    return new LifetimeError(`LifeTime ${method} ${shown} did not answer for ${what} ${deadline.describe()} (after ${attempt + 1} attempt(s))`, {
      url: shown,
      hint: `raise ${deadline.field} if LifeTime is this slow; otherwise check the network path to it`,
    });
  }

  private cutReply(cut: BodyCut, method: string, shown: string, what: string, status: number, deadline: Deadline): LifetimeError {
    switch (cut.why) {
      case 'cap':
        return new LifetimeError(`LifeTime ${method} ${shown} sent a reply for ${what} larger than the cap of ${formatBytes(this.opts.maxReplyBytes)} once decoded (lifetime.maxReplyMB); reading stopped there`, {
          url: shown,
          status,
          hint: 'raise lifetime.maxReplyMB if LifeTime really answers with this much; otherwise check that lifetime.url points at LifeTime (a small compressed reply that inflates this far is a compression bomb)',
        });
      case 'deadline':
        return new LifetimeError(`LifeTime ${method} ${shown} did not finish its reply for ${what} ${deadline.describe()}: ${cut.bytes} bytes had arrived`, {
          url: shown,
          status,
          hint: `raise ${deadline.field} if LifeTime is this slow; a reply that trickles in is cut off there`,
        });
      case 'idle':
        return new LifetimeError(`LifeTime ${method} ${shown}: the reply for ${what} stalled: no data for ${seconds(this.opts.timeoutMs)} after ${cut.bytes} bytes`, {
          url: shown,
          status,
          hint: 'retry later; raise lifetime.requestTimeoutSeconds if LifeTime is slow',
        });
      default:
        return new LifetimeError(`LifeTime ${method} ${shown}: the reply for ${what} was cut off after ${cut.bytes} bytes`, { url: shown, status, hint: 'retry later; check the network path to LifeTime', cause: cut.cause });
    }
  }

  private async errorFrom(res: Response, abort: AbortController, method: string, shown: string, what: string, attempt: number, deadline: Deadline): Promise<LifetimeError> {
    const parts: Uint8Array[] = [];
    await streamBody(res, abort, { maxBytes: ERROR_BODY_MAX, idleMs: this.opts.timeoutMs, deadline }, (c) => void parts.push(c)).catch(() => undefined);
    let apiErrors: string[] = [];
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(Buffer.concat(parts).toString('utf8')));
      if (parsed.success) apiErrors = parsed.data.Errors ?? [];
    } catch {
      // not JSON (or cut at the cap): keep the status alone
    }
    const said = apiErrors.length ? `: LifeTime says "${apiErrors.join('; ')}"` : '';
    const retried = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
    return new LifetimeError(`LifeTime ${method} ${shown} failed for ${what} with HTTP ${res.status}${said}${retried}`, { url: shown, status: res.status, hint: hintFor(res.status, what) });
  }
}
