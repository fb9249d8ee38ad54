import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProbeServer, type ProbeServer } from '../../src/demo/probe-server.js';
import { probeEndpoints, validateProbeUrl, probeUrlsOf } from '../../src/exposure/probe.js';
import { registerSecret } from '../../src/util/redact.js';
import type { SourceEndpoint } from '../../src/model/exposure.js';

const ep = (name: string, kind: SourceEndpoint['kind'], path: string): SourceEndpoint => ({
  name,
  module: name.split('.')[0]!,
  target: `App/${name.split('.')[0]}`,
  kind,
  path,
  file: 'x',
  platform: false,
  internalOnly: 'unknown',
});
const opts = { timeoutSeconds: 1, deadlineSeconds: 10, concurrency: 2 };

let server: ProbeServer;
const TOKEN = 'lt-secret-token-0123456789';
beforeAll(async () => {
  server = await startProbeServer({
    answers: {
      '/Orders/Internal.asmx?WSDL': 403,
      '/Orders/Public.asmx?WSDL': 200,
      '/Orders/Moved.asmx?WSDL': { redirect: 'http://127.0.0.1:1/elsewhere?token=x' },
      '/Orders/Slow.asmx?WSDL': { hang: true },
      '/Orders/Broken.asmx?WSDL': 500,
      '/Orders/Big.asmx?WSDL': { status: 200, bodyBytes: 5 * 1024 * 1024 },
      '/Orders/rest/OrdersAPI/': 200,
      '/Orders/rest/NoDocs/Get': 403,
    },
  });
});
afterAll(() => server.close());

describe('probe', () => {
  it('classifies 403, 2xx, 404, a redirect (not followed), a timeout and other statuses, with the reason', async () => {
    const endpoints = [
      ep('Orders.Internal', 'soap', '/Orders/Internal.asmx'),
      ep('Orders.Public', 'soap', '/Orders/Public.asmx'),
      ep('Orders.Gone', 'soap', '/Orders/Gone.asmx'),
      ep('Orders.Moved', 'soap', '/Orders/Moved.asmx'),
      ep('Orders.Slow', 'soap', '/Orders/Slow.asmx'),
      ep('Orders.Broken', 'soap', '/Orders/Broken.asmx'),
      ep('Orders.Big', 'soap', '/Orders/Big.asmx'),
      ep('Orders.OrdersAPI', 'rest', '/Orders/rest/OrdersAPI/GetOrders'),
      ep('Orders.NoDocs', 'rest', '/Orders/rest/NoDocs/Get'),
      ep('Orders.MainFlow.Home.DataActionGetOrders', 'screen-service', '/Orders/screenservices/Orders/MainFlow/Home/DataActionGetOrders'),
    ];
    const results = await probeEndpoints(endpoints, server.url, opts);
    const short = results.map((r) => r && { verdict: r.verdict, status: r.status, error: r.error });
    expect(short).toEqual([
      { verdict: 'internal-only', status: 403, error: undefined },
      { verdict: 'reachable', status: 200, error: undefined },
      { verdict: 'absent', status: 404, error: undefined },
      { verdict: 'error', status: 302, error: 'HTTP 302: redirect to http://127.0.0.1:1/elsewhere, not followed' },
      { verdict: 'error', status: undefined, error: 'no answer within 1s' },
      { verdict: 'error', status: 500, error: 'HTTP 500' },
      { verdict: 'reachable', status: 200, error: undefined },
      { verdict: 'reachable', status: 200, error: undefined },
      { verdict: 'internal-only', status: 403, error: undefined },
      undefined,
    ]);
    expect(results[0]?.url).toBe(`${server.url}/Orders/Internal.asmx?WSDL`);
    expect(results[7]?.url).toBe(`${server.url}/Orders/rest/OrdersAPI/`);
    // The redirect was not followed; screen services were not requested.
    expect(server.requests.some((r) => r.url.includes('elsewhere') || r.url.includes('screenservices'))).toBe(false);
  });

  it('never sends a credential, even with LIFETIME_TOKEN set and registered as a secret', async () => {
    process.env['LIFETIME_TOKEN'] = TOKEN;
    registerSecret(TOKEN);
    try {
      await probeEndpoints([ep('Orders.Public', 'soap', '/Orders/Public.asmx')], server.url, opts);
    } finally {
      delete process.env['LIFETIME_TOKEN'];
    }
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) {
      expect(r.headers['authorization']).toBeUndefined();
      expect(r.headers['cookie']).toBeUndefined();
      expect(r.headers['proxy-authorization']).toBeUndefined();
      expect(JSON.stringify(r)).not.toContain(TOKEN);
      expect(r.method).toBe('GET');
    }
  });

  it('keeps at most `concurrency` requests in flight and stops at the overall deadline', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ep(`Slow.S${i}`, 'soap', `/Slow/S${i}.asmx`));
    for (let i = 0; i < 6; i++) server.answers.set(`/Slow/S${i}.asmx?WSDL`, { hang: true });
    const before = server.requests.length;
    const started = Date.now();
    const results = await probeEndpoints(many, server.url, { timeoutSeconds: 30, deadlineSeconds: 1, concurrency: 2 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests.length - before).toBe(2);
    expect(results.map((r) => r?.verdict)).toEqual(Array(6).fill('error'));
    expect(results[0]?.error).toBe('the overall probe deadline (1s) passed');
    expect(results[5]?.error).toBe('not probed: the overall probe deadline (1s) had passed');
  });
});

describe('probe URL', () => {
  it('accepts http and https, without a trailing slash', () => {
    expect(validateProbeUrl('https://apps.example.com/', '--probe-url')).toBe('https://apps.example.com');
  });
  it.each([
    ['ftp://x.example.com', '--probe-url: only http and https URLs can be probed, received ftp'],
    ['https://user:pw@x.example.com', '--probe-url: the URL holds a user name or password'],
    ['https://x.example.com/?token=abc', '--probe-url: the URL has a query or fragment (https://x.example.com/)'],
    ['not a url', '--probe-url: "not a url" is not a URL'],
  ])('refuses %s', (url, message) => {
    expect(() => validateProbeUrl(url, '--probe-url')).toThrow(message);
  });
  it('encodes each path segment: a name cannot smuggle a query or another path', () => {
    expect(probeUrlsOf(ep('M.A', 'soap', '/M/a?b#c.asmx'), 'http://h')).toEqual(['http://h/M/a%3Fb%23c.asmx?WSDL']);
  });
});
