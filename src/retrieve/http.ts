// The HTTP client for LifeTime: Node's fetch with a timeout on every request, retries with backoff, jitter and Retry-After.
import type { z } from 'zod';
import { LifetimeError, hintFor } from './errors.js';
import { errorBodySchema } from './schemas.js';
import type { Logger } from '../util/log.js';

export interface ClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  retries: number;
  log: Logger;
  signal?: AbortSignal;
  /** For tests: shortens backoff waits. */
  backoffBaseMs?: number;
}

const RETRYABLE = (s: number) => s === 429 || s >= 500;

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
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

export class LifetimeClient {
  constructor(readonly opts: ClientOptions) {}

  url(path: string): string {
    return `${this.opts.baseUrl.replace(/\/+$/, '')}/lifetimeapi/rest/v2${path}`;
  }

  /** Sends a request, retrying network errors, 429 and 5xx; returns the 2xx response (body unread). */
  async send(method: 'GET' | 'POST', url: string, what: string, opts: { auth?: 'bearer' | 'bare'; stream?: AbortController } = {}): Promise<Response> {
    const base = this.opts.backoffBaseMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      // A JSON call is bounded as a whole; a download only until its headers arrive (download.ts then
      // aborts the same controller when the body stalls).
      const ac = opts.stream ?? new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort(new Error('timeout'));
      }, this.opts.timeoutMs);
      const signal = this.opts.signal ? AbortSignal.any([ac.signal, this.opts.signal]) : ac.signal;
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { Authorization: opts.auth === 'bare' ? this.opts.token : `Bearer ${this.opts.token}`, Accept: opts.stream ? 'application/octet-stream' : 'application/json' },
          signal,
        });
        if (opts.stream) clearTimeout(timer);
      } catch (err) {
        clearTimeout(timer);
        const why = timedOut ? `no answer within ${this.opts.timeoutMs / 1000} s` : `network error: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
        if (this.opts.signal?.aborted) throw err;
        if (attempt < this.opts.retries) {
          const wait = backoffMs(attempt, base);
          this.opts.log.warn(`LifeTime ${method} ${url}: ${why}; retry ${attempt + 1}/${this.opts.retries} in ${(wait / 1000).toFixed(1)} s`);
          await sleep(wait, this.opts.signal);
          continue;
        }
        throw new LifetimeError(`LifeTime ${method} ${url} failed for ${what}: ${why} (after ${attempt + 1} attempt(s))`, { url, hint: 'check the LifeTime URL, the network path to it, and raise requestTimeoutSeconds if LifeTime is slow', cause: err });
      }
      if (res.ok) {
        if (!opts.stream) {
          // Keep the timer running through the body read of JSON calls.
          const body = await res.arrayBuffer().catch((err: unknown) => {
            throw new LifetimeError(`LifeTime ${method} ${url}: the reply was cut off for ${what} (${timedOut ? 'timeout' : String(err)})`, { url, status: res.status, hint: 'retry later; raise requestTimeoutSeconds if LifeTime is slow' });
          }).finally(() => clearTimeout(timer));
          return new Response(res.status === 204 || res.status === 205 ? null : body, { status: res.status, headers: res.headers });
        }
        return res;
      }
      clearTimeout(timer);
      if (RETRYABLE(res.status) && attempt < this.opts.retries) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? backoffMs(attempt, base);
        await res.body?.cancel().catch(() => undefined);
        this.opts.log.warn(`LifeTime ${method} ${url}: HTTP ${res.status}; retry ${attempt + 1}/${this.opts.retries} in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait, this.opts.signal);
        continue;
      }
      throw await this.errorFrom(res, method, url, what, attempt);
    }
  }

  /** GET or POST returning validated JSON. */
  async json<T extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: T, what: string): Promise<z.infer<T> | undefined> {
    const url = path.startsWith('http') ? path : this.url(path);
    const res = await this.send(method, url, what);
    if (res.status === 204) return undefined;
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new LifetimeError(`LifeTime ${method} ${url} answered HTTP ${res.status} with a body that is not JSON (${JSON.stringify(text.slice(0, 80))})`, { url, status: res.status, hint: 'check that the URL points at LifeTime (not a proxy or login page)' });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LifetimeError(`LifeTime ${method} ${url} answered with an unexpected shape: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`, { url, status: res.status, hint: 'check the LifeTime version (API v2 needs LifeTime 11.22.0 or later)' });
    }
    return parsed.data;
  }

  private async errorFrom(res: Response, method: string, url: string, what: string, attempt: number): Promise<LifetimeError> {
    const text = await res.text().catch(() => '');
    let apiErrors: string[] = [];
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(text));
      if (parsed.success) apiErrors = parsed.data.Errors ?? [];
    } catch {
      // not JSON: keep the status alone
    }
    const said = apiErrors.length ? `: LifeTime says "${apiErrors.join('; ')}"` : '';
    const retried = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
    return new LifetimeError(`LifeTime ${method} ${url} failed for ${what} with HTTP ${res.status}${said}${retried}`, { url, status: res.status, hint: hintFor(res.status, what) });
  }
}
