// The LifeTime client on its own: the token never leaves LifeTime's origin, whatever URL or path it is handed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { LifetimeClient } from '../../src/retrieve/http.js';
import { Deadline } from '../../src/retrieve/deadline.js';
import { shownUrl } from '../../src/retrieve/origin.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { startBystander, type Bystander } from '../../src/demo/lifetime-simulator/index.js';

const TOKEN = 'client-token-8c2e4a6f1d';
const client = (baseUrl: string) => new LifetimeClient({ baseUrl, token: TOKEN, timeoutMs: 1000, deadlineMs: 2000, maxReplyBytes: 1024, retries: 0, log: createMemoryLogger() });
const deadline = () => new Deadline(2, 'lifetime.requestDeadlineSeconds');

let bystander: Bystander | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await bystander?.close();
  bystander = undefined;
});

describe("the token stays on LifeTime's origin", () => {
  it.each([
    ['http while LifeTime is https', 'http://lt.example.test/lifetimeapi/rest/v2/downloads/k', 'it points to http://lt.example.test, not to LifeTime (https://lt.example.test)'],
    ['another port', 'https://lt.example.test:8443/lifetimeapi/rest/v2/downloads/k', 'it points to https://lt.example.test:8443, not to LifeTime (https://lt.example.test)'],
    ['another host', 'https://evil.example.test/lifetimeapi/rest/v2/downloads/k?sig=s3cr3t-value', 'it points to https://evil.example.test, not to LifeTime (https://lt.example.test)'],
    ['user credentials in the URL', 'https://user:pw@lt.example.test/lifetimeapi/rest/v2/downloads/k', 'it carries user credentials'],
    ['a file: URL', 'file:///etc/passwd', 'it points to a file: URL, not to LifeTime (https://lt.example.test)'],
  ])('refuses %s before any request is made', async (_, url, why) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const err = await client('https://lt.example.test')
      .send('GET', url, 'application Shop', { deadline: deadline() })
      .catch((e: unknown) => e);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(String(err)).toContain(`refused to send the LifeTime token to ${shownUrl(url)} for application Shop: ${why}`);
    expect(String(err)).not.toContain('s3cr3t');
    expect(String(err)).not.toContain('pw@');
    expect(err).toMatchObject({ exitCode: 3, hint: expect.stringContaining('the token goes only to the lifetime.url origin') });
  });

  it('json() takes API paths only: an absolute URL handed to it goes nowhere', async () => {
    bystander = await startBystander();
    const lt = client('http://127.0.0.1:9');
    await expect(lt.json('GET', `${bystander.url}/lifetimeapi/rest/v2/environments/`, z.unknown(), 'the environment list')).rejects.toThrow('LifeTime API path must start with "/"');
    await expect(lt.json('GET', `//127.0.0.1:${bystander.port}/x`, z.unknown(), 'the environment list')).rejects.toThrow();
    expect(bystander.requests).toEqual([]);
  });

  it('shows URLs without their query, fragment or credentials', () => {
    expect(shownUrl('https://u:p@lt.example.test:8443/lifetimeapi/rest/v2/downloads/k?sig=abc#x')).toBe('https://lt.example.test:8443/lifetimeapi/rest/v2/downloads/k');
    expect(shownUrl('not a url')).toBe('(not a URL)');
  });
});
