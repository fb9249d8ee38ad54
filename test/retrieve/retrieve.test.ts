// The real LifeTime client against the simulator: the whole flow and every fault the contract allows.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { retrieveAll } from '../../src/retrieve/index.js';
import { resolveToken } from '../../src/retrieve/token.js';
import { lifetimeConfigSchema } from '../../src/retrieve/config.js';
import { startLifetimeSimulator, type Fault, type SimCatalog, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { ConfigError } from '../../src/util/errors.js';
import { tempDir } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';

const TOKEN = 'lt-test-token-7f3a9c1e5b';
const dir = tempDir();
let catalog: SimCatalog;
let sim: Simulator | undefined;
beforeAll(async () => {
  catalog = await testCatalog(dir);
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function fetchWith(sim_: SimOptions, cfg: Record<string, unknown> = {}) {
  sim = await startLifetimeSimulator({ catalog, token: TOKEN, ...sim_ });
  const log = createMemoryLogger();
  const config = lifetimeConfigSchema.parse({ url: sim.url, environment: 'Production', applications: ['Shop'], pollIntervalSeconds: 0.02, requestTimeoutSeconds: 2, retries: 2, ...cfg });
  let error: unknown;
  let result;
  try {
    result = await retrieveAll(config, { token: TOKEN, downloadDir: join(dir, `dl-${Math.random().toString(36).slice(2)}`), log, backoffBaseMs: 20 });
  } catch (err) {
    error = err;
  }
  const text = [...log.lines, error instanceof Error ? `${error.message} ${String((error as { hint?: string }).hint)}` : ''].join('\n');
  expect(text, 'the token must never appear in any output').not.toContain(TOKEN);
  return { result, error, log, text, sim: sim };
}
const fault = (f: Fault): SimOptions => ({ faults: [f] });

describe('LifeTime retrieval, happy path', () => {
  it('resolves names case-insensitively, packages, polls, downloads with SHA-256 and records keys', async () => {
    const { result } = await fetchWith({ packagingPolls: 2 }, { environment: 'production', applications: ['SHOP'], modules: ['BillingCore'] });
    expect(result!.failures).toEqual([]);
    const [billing, shop] = result!.packages;
    expect(shop!.kind).toBe('application');
    expect(shop!.sha256).toBe(createHash('sha256').update(readFileSync(catalog.applications[0]!.zip)).digest('hex'));
    expect(shop!.record.lifetime).toMatchObject({ environment: { name: 'Production' }, application: { name: 'Shop', key: catalog.applications[0]!.Key }, packageKey: expect.any(String) });
    expect(billing!.kind).toBe('module');
    expect(billing!.record.lifetime?.module?.name).toBe('BillingCore');
  });
  it('accepts 201 where the Swagger documents 200', async () => {
    const { result } = await fetchWith({ created201: true });
    expect(result!.packages).toHaveLength(1);
  });
});

describe('LifeTime retrieval, faults', () => {
  it('slow packaging: keeps polling until Done', async () => {
    const { result, sim: s } = await fetchWith({ packagingPolls: 5 });
    expect(result!.packages).toHaveLength(1);
    expect(s.requests.filter((r) => r.path.endsWith('/status')).length).toBe(6);
  });
  it('slow packaging beyond the poll limit fails the target and says what to raise', async () => {
    const { result } = await fetchWith({ packagingPolls: 1000 }, { pollTimeoutSeconds: 0.3 });
    expect(result!.failures[0]!.error).toMatch(/packaging of application Shop was still in progress after 0.3 s/);
  });
  it("failed packaging shows LifeTime's messages", async () => {
    const { result } = await fetchWith({ failPackaging: [{ target: 'Shop', messages: [{ Message: 'Module ShopUI has errors', Detail: 'Fix and republish' }] }] });
    expect(result!.failures[0]).toMatchObject({ id: 'Shop', status: 'failed' });
    expect(result!.failures[0]!.error).toContain('packaging of application Shop ended with status "Failed": Module ShopUI has errors — Fix and republish');
  });
  it('the 150 MB refusal falls back to each eSpace module of the application, and says so', async () => {
    const { result, log } = await fetchWith({ tooLarge: ['Shop'] });
    expect(result!.failures).toEqual([]);
    expect(result!.packages.map((p) => p.record.id)).toEqual(['Shop/ShopCore', 'Shop/ShopUI']);
    expect(result!.packages.every((p) => p.record.lifetime?.fallbackFrom === 'Shop')).toBe(true);
    expect(log.lines.join('\n')).toContain("application Shop is over LifeTime's package size limit; fetching its 2 eSpace module(s) one by one instead");
  });
  it('401 stops everything with a hint about the token', async () => {
    sim = await startLifetimeSimulator({ catalog, token: 'another-token' });
    const config = lifetimeConfigSchema.parse({ url: sim.url, environment: 'Production', applications: ['Shop'], retries: 0 });
    const err = await retrieveAll(config, { token: TOKEN, downloadDir: join(dir, 'x'), log: createMemoryLogger() }).catch((e: unknown) => e);
    expect(String(err)).toContain('failed for the environment list with HTTP 401: LifeTime says "The token is not valid or has expired."');
    expect((err as { hint: string }).hint).toContain('LIFETIME_TOKEN');
    expect(String(err)).not.toContain(TOKEN);
  });
  it('403 fails the target and names the permissions to check', async () => {
    const { result } = await fetchWith(fault({ endpoint: 'start', action: { kind: 'status', code: 403, errors: ['You need permission to access the environment or the app.'] } }));
    expect(result!.failures[0]!.error).toContain('HTTP 403: LifeTime says "You need permission to access the environment or the app."');
    expect(result!.failures[0]!.error).toContain('Open and Debug');
  });
  it('404 fails the target and quotes the API', async () => {
    const { result } = await fetchWith(fault({ endpoint: 'start', action: { kind: 'status', code: 404, errors: ["The environment or the app doesn't exist."] } }));
    expect(result!.failures[0]!.error).toContain('HTTP 404: LifeTime says "The environment or the app doesn\'t exist."');
  });
  it('500 is retried with backoff, then fails the target', async () => {
    const { result, sim: s } = await fetchWith(fault({ endpoint: 'start', action: { kind: 'status', code: 500 } }));
    expect(result!.failures[0]!.error).toContain('HTTP 500');
    expect(result!.failures[0]!.error).toContain('after 3 attempts');
    expect(s.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });
  it('a transient 500 is retried and the target succeeds', async () => {
    const { result } = await fetchWith(fault({ endpoint: 'status', times: 1, action: { kind: 'status', code: 503 } }));
    expect(result!.packages).toHaveLength(1);
  });
  it('429 honours Retry-After', async () => {
    const started = Date.now();
    const { result, log } = await fetchWith(fault({ endpoint: 'applications', times: 1, action: { kind: 'status', code: 429, retryAfter: '1' } }));
    expect(result!.packages).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(log.lines.join('\n')).toContain('HTTP 429; retry 1/2 in 1.0 s');
  });
  it('a connection dropped mid-download is retried with a fresh link', async () => {
    const { result, log } = await fetchWith(fault({ endpoint: 'download', times: 1, action: { kind: 'drop', afterBytes: 300_000 } }));
    expect(result!.packages).toHaveLength(1);
    expect(log.lines.join('\n')).toMatch(/download of application Shop failed: connection dropped after \d+ bytes/);
  });
  it('a download that keeps being truncated fails the target, and nothing half-written is kept', async () => {
    const { result } = await fetchWith(fault({ endpoint: 'download', action: { kind: 'truncate' } }));
    expect(result!.failures[0]!.error).toMatch(/download of application Shop (was truncated|failed: connection dropped)/);
  });
  it('a truncated download without a declared length is caught by the ZIP check', async () => {
    const { result, log } = await fetchWith(fault({ endpoint: 'download', times: 1, action: { kind: 'truncateChunked' } }));
    expect(result!.packages).toHaveLength(1);
    expect(log.lines.join('\n')).toContain('is not a complete ZIP file');
  });
  it('an expired link is asked for again', async () => {
    const { result, log } = await fetchWith(fault({ endpoint: 'link', times: 1, action: { kind: 'expiredLink' } }));
    expect(result!.packages).toHaveLength(1);
    expect(log.lines.join('\n')).toContain('had already expired');
  });
  it('retries the download once with the bare token when "Bearer" is refused there', async () => {
    const { result, sim: s } = await fetchWith({ bareTokenOnDownload: true });
    expect(result!.packages).toHaveLength(1);
    expect(s.requests.filter((r) => r.path.includes('/downloads/')).map((r) => r.auth)).toEqual(['bearer', 'bare']);
  });
  it('a reply that is not JSON fails with a clear message', async () => {
    const { error } = await fetchWith(fault({ endpoint: 'environments', action: { kind: 'notJson' } }));
    expect(String(error)).toMatch(/answered HTTP 200 with a body that is not JSON/);
  });
  it('a reply of the wrong shape fails with the field', async () => {
    const { error } = await fetchWith(fault({ endpoint: 'applications', action: { kind: 'badShape' } }));
    expect(String(error)).toMatch(/answered with an unexpected shape: \(top level\): Invalid input: expected array/);
  });
  it('a request that hangs times out and is retried', async () => {
    const { result, log } = await fetchWith(fault({ endpoint: 'status', times: 1, action: { kind: 'slow', ms: 1500 } }), { requestTimeoutSeconds: 0.5 });
    expect(result!.packages).toHaveLength(1);
    expect(log.lines.join('\n')).toContain('no answer within 0.5 s');
  });
  it('the size cap stops a download that is too large', async () => {
    const { result } = await fetchWith({}, { maxPackageMB: 0.0001 });
    expect(result!.failures[0]!.error).toContain('over the cap');
  });
  it('unknown and ambiguous names list what exists', async () => {
    const unknown = await fetchWith({}, { applications: ['Shoop'] });
    expect(unknown.error).toBeInstanceOf(ConfigError);
    expect(String(unknown.error)).toContain('no application named "Shoop" in LifeTime; applications that exist: Billing, Shop, billing');
    const ambiguous = await fetchWith({}, { applications: ['BILLING'] });
    expect(String(ambiguous.error)).toContain('application name "BILLING" is ambiguous: 2 applications have that name');
    const env = await fetchWith({}, { environment: 'Staging' });
    expect(String(env.error)).toContain('environments that exist: Development, Production');
  });
  it('fetches several targets with bounded concurrency', async () => {
    const { result, sim: s, error } = await fetchWith({}, { applications: ['Shop', 'Billing'], concurrency: 1 });
    expect(error).toBeUndefined();
    expect(result!.packages).toHaveLength(2);
    const order = s.requests.filter((r) => r.method === 'POST' || r.path.includes('/downloads/')).map((r) => (r.method === 'POST' ? 'start' : 'download'));
    expect(order).toEqual(['start', 'download', 'start', 'download']);
  });
});

describe('the token', () => {
  const cfg = (token?: string) => lifetimeConfigSchema.parse({ url: 'https://lt.example.com', environment: 'Prod', applications: ['A'], ...(token ? { token } : {}) });
  it('comes from LIFETIME_TOKEN by default, or from a ${VAR}', () => {
    expect(resolveToken(cfg(), { LIFETIME_TOKEN: 'abc12345' }, 'c.yml')).toBe('abc12345');
    expect(resolveToken(cfg('${MY_LT}'), { MY_LT: 'xyz98765' }, 'c.yml')).toBe('xyz98765');
  });
  it('is refused when written literally in the config, and the error says why', () => {
    expect(() => resolveToken(cfg('eyJhbGciOi-literal'), {}, 'c.yml')).toThrow('c.yml: lifetime.token holds a literal value; ossast refuses tokens written in config files');
  });
  it('names the missing variable', () => {
    expect(() => resolveToken(cfg(), {}, 'c.yml')).toThrow('environment variable LIFETIME_TOKEN is not set');
  });
});
