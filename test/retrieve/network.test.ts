// The LifeTime client's network settings: a warning for plain http off this machine, which proxy applies to a URL.
import { describe, expect, it } from 'vitest';
import { LifetimeClient } from '../../src/retrieve/http.js';
import { proxyFor, proxySettings } from '../../src/util/network.js';
import { certificateProblem } from '../../src/retrieve/errors.js';
import { createLogger } from '../../src/util/log.js';
import { Writable } from 'node:stream';

function client(url: string, env: NodeJS.ProcessEnv = {}) {
  let text = '';
  const stream = new Writable({
    write: (c, _e, cb) => {
      text += String(c);
      cb();
    },
  });
  new LifetimeClient({ baseUrl: url, token: 't', timeoutMs: 1000, deadlineMs: 1000, maxReplyBytes: 1000, retries: 0, log: createLogger({ stream }), env });
  return text;
}

describe('plain http lifetime.url', () => {
  it.each(['http://lifetime.corp.example', 'http://10.0.0.5:8080', 'http://lifetime', 'http://[fe80::1]'])('%s (another machine): warns that the token crosses the network in clear', (url) => {
    expect(client(url)).toContain(`lifetime.url ${new URL(url).origin} is plain http: the LifeTime token and the source packages cross the network unencrypted; use https://`);
  });
  it.each(['http://127.0.0.1:8080', 'http://localhost', 'http://127.1.2.3', 'http://[::1]:9000', 'https://lifetime.corp.example'])('%s: no warning', (url) => {
    expect(client(url)).toBe('');
  });
  it('through a proxy: refused (exit 2)', () => {
    expect(() => client('http://lifetime.corp.example', { HTTP_PROXY: 'http://user:pw@proxy.corp:3128' })).toThrow(/is plain http and HTTP_PROXY sends it through the proxy http:\/\/proxy\.corp:3128/);
  });
});

describe('proxyFor (NO_PROXY as undici matches it)', () => {
  const s = (env: NodeJS.ProcessEnv) => proxySettings(env);
  it.each([
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1' }, 'http://p:1'],
    ['https://lt.corp.example', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' }, 'http://lower:1'],
    ['https://lt.corp.example', { HTTP_PROXY: 'http://p:1' }, 'http://p:1'],
    ['http://lt.corp.example', { HTTPS_PROXY: 'http://p:1' }, undefined],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'corp.example' }, undefined],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp.example' }, undefined],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*.corp.example' }, undefined],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'lt.corp.example:443' }, undefined],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'lt.corp.example:8443' }, 'http://p:1'],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'xcorp.example' }, 'http://p:1'],
    ['https://lt.corp.example', { HTTPS_PROXY: 'http://p:1', no_proxy: '*' }, undefined],
  ] as const)('%s with %j: %s', (url, env, expected) => {
    expect(proxyFor(new URL(url), s(env))).toBe(expected);
  });
});

describe('certificateProblem', () => {
  it('finds the code in a cause chain and says what to do', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    expect(certificateProblem(err, 'https://lt.example')).toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      text: 'TLS certificate problem with https://lt.example: its certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)',
      hint: expect.stringContaining('lifetime.caFile'),
    });
    expect(certificateProblem(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }), 'https://lt.example')).toBeUndefined();
  });
});
