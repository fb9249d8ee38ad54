// One target's flow: start packaging → poll until Done → get the link (again if expired; only on LifeTime's origin) →
// download → checked ZIP.
import { join } from 'node:path';
import type { LifetimeConfig } from './config.js';
import type { LifetimeClient } from './http.js';
import { sleep } from './http.js';
import { LifetimeError } from './errors.js';
import { downloadLinkSchema, describeMessages, packageStatusSchema } from './schemas.js';
import { downloadTo, RetryableDownload, type Downloaded } from './download.js';
import { offOrigin, originOf, parse } from './origin.js';
import type { Logger } from '../util/log.js';

export interface PackageRequest {
  kind: 'applications' | 'modules';
  envKey: string;
  key: string;
  name: string;
}

/** LifeTime refuses packages over its size limit with this text (in an error or the status messages). */
export const SIZE_LIMIT = /maximum size allowed|source code package has .* ?mb/i;

export class PackageTooLarge extends LifetimeError {}

export async function fetchPackage(client: LifetimeClient, cfg: LifetimeConfig, req: PackageRequest, dir: string, log: Logger): Promise<Downloaded & { packageKey: string; origin: string }> {
  const base = `/environments/${encodeURIComponent(req.envKey)}/${req.kind}/${encodeURIComponent(req.key)}/sourcecodeaccess`;
  const what = `${req.kind === 'applications' ? 'application' : 'module'} ${req.name}`;
  log.progress(req.name, 'packaging requested');
  let started;
  try {
    started = await client.json('POST', base, packageStatusSchema, what);
  } catch (err) {
    if (err instanceof LifetimeError && SIZE_LIMIT.test(err.message)) throw new PackageTooLarge(err.message, { url: err.url, ...(err.status ? { status: err.status } : {}) });
    throw err;
  }
  if (!started) throw new LifetimeError(`LifeTime answered 204 (no content) when asked to package ${what}`, { url: client.url(base) });
  const key = started.PackageKey;
  const statusPath = `${base}/${encodeURIComponent(key)}/status`;
  const deadline = Date.now() + cfg.pollTimeoutSeconds * 1000;
  let status = started;
  // Backoff: a first look after a second (small packages are ready fast), doubling up to the poll interval.
  const interval = cfg.pollIntervalSeconds * 1000;
  let wait = Math.min(interval, 1000);
  while (status.Status === 'InProgress') {
    if (Date.now() > deadline)
      throw new LifetimeError(`packaging of ${what} was still in progress after ${cfg.pollTimeoutSeconds} s`, { url: client.url(statusPath), hint: 'raise lifetime.pollTimeoutSeconds; large applications can take long to package' });
    log.progress(req.name, `packaging (${status.Status})`);
    await sleep(wait, client.opts.signal);
    wait = Math.min(wait * 2, interval);
    const next = await client.json('GET', statusPath, packageStatusSchema, what);
    if (!next) throw new LifetimeError(`LifeTime answered 204 (no content) for the status of ${what}`, { url: client.url(statusPath) });
    status = next;
  }
  if (status.Status !== 'Done') {
    const messages = describeMessages(status.Messages);
    const Err = SIZE_LIMIT.test(messages) ? PackageTooLarge : LifetimeError;
    throw new Err(`packaging of ${what} ended with status "${status.Status}": ${messages}`, { url: client.url(statusPath), hint: 'read the messages above; they come from LifeTime' });
  }
  const file = packageFile(dir, req, key);
  let auth: 'bearer' | 'bare' = 'bearer';
  let lastProgress = 0;
  const progress = (n: number, total?: number) => {
    const now = Date.now();
    if (now - lastProgress < 250 && n !== total) return; // a few updates a second are enough for a person
    lastProgress = now;
    log.progress(req.name, `downloading ${(n / 1024 ** 2).toFixed(1)}${total ? ` of ${(total / 1024 ** 2).toFixed(1)}` : ''} MB`);
  };
  // Links that had already expired when handed out: asked for again this many times, then refused.
  const MAX_EXPIRED = 3;
  let expired = 0;
  let failed = 0;
  for (;;) {
    const linkPath = `${base}/${encodeURIComponent(key)}/download`;
    const link = await client.json('GET', linkPath, downloadLinkSchema, what);
    if (!link) throw new LifetimeError(`LifeTime answered 204 (no content) for the download link of ${what}`, { url: client.url(linkPath) });
    const expires = link.expires ? Date.parse(link.expires) : NaN;
    if (expires < Date.now()) {
      const when = new Date(expires).toISOString();
      if (++expired > MAX_EXPIRED) {
        throw new LifetimeError(`LifeTime kept handing out expired download links for ${what}: ${expired} links in a row had already expired when given (the last one at ${when}); none was used`, {
          url: client.url(linkPath),
          hint: "check that this machine's clock agrees with LifeTime's (links are valid for about 60 minutes), then run again",
        });
      }
      log.warn(`download link for ${what} had already expired (${when}); asking for a new one`);
      continue;
    }
    const url = downloadUrl(link.url, client, what);
    try {
      const got = await downloadTo(client, url, file, {
        maxBytes: cfg.maxPackageMB * 1024 * 1024,
        deadlineSeconds: cfg.downloadDeadlineSeconds,
        what,
        auth,
        onBytes: progress,
      });
      return { ...got, packageKey: key, origin: originOf(new URL(url)) };
    } catch (err) {
      // The download endpoint may want the bare token (OutSystems' own pipeline sends it so): try once.
      if (err instanceof LifetimeError && (err.status === 401 || err.status === 403) && auth === 'bearer') {
        log.warn(`download of ${what} refused with "Bearer"; retrying once with the bare token`);
        auth = 'bare';
        failed++;
        continue;
      }
      // An expired link (404/410) or a broken transfer: ask for a fresh link and try again.
      const retryable = err instanceof RetryableDownload || (err instanceof LifetimeError && (err.status === 404 || err.status === 410));
      if (retryable && failed < cfg.retries) {
        failed++;
        log.warn(`${err instanceof Error ? err.message : String(err)}; asking for a fresh link (attempt ${failed + 1})`);
        continue;
      }
      throw err;
    }
  }
}

/**
 * The link LifeTime gave, resolved against LifeTime's URL; refused unless it is on LifeTime's own origin (same scheme,
 * host and port), because the download is sent with the token. Only the link's origin is ever shown, never its query.
 */
function downloadUrl(link: string, client: LifetimeClient, what: string): string {
  const u = parse(link, client.url('/'));
  if (!u) throw new LifetimeError(`the download link LifeTime gave for ${what} is not a URL; it was not used`, { url: client.url('/'), hint: 'check that lifetime.url points at LifeTime itself' });
  const off = offOrigin(u, client.home);
  if (off) {
    throw new LifetimeError(`refused the download link LifeTime gave for ${what}: ${off}; ossast sends the token only to LifeTime's own origin (same scheme, host and port), so nothing was downloaded`, {
      url: originOf(u),
      hint: 'check that lifetime.url is the address LifeTime itself uses (same scheme, host and port as in its links); a link to another origin is what a compromised or impersonated LifeTime would send',
    });
  }
  return u.href;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);

/** Where the package of `req` made under LifeTime's `packageKey` is downloaded (or, from the cache, copied) to. */
export const packageFile = (dir: string, req: PackageRequest, packageKey: string) => join(dir, `${req.kind === 'applications' ? 'app' : 'module'}-${safe(req.name)}-${safe(packageKey)}.zip`);
