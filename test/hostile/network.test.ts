// Class: corporate networks. LifeTime behind an HTTPS_PROXY / HTTP_PROXY (NO_PROXY honoured, upper and lower case),
// over TLS with a private CA (lifetime.caFile), real sockets on 127.0.0.1: a CONNECT proxy written here records what
// passed through it (never the token in clear), a TLS front with certificates made by `openssl` at test time. A
// certificate failure says so (exit 3), names the origin and what to do, and is not retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { expectNoToken, guardedWorkspace, tokenForms } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startBystander, startLifetimeSimulator, type SimCatalog, type SimOptions } from '../../src/demo/lifetime-simulator/index.js';
import { probeDefaults, probeOne } from '../../src/exposure/probe.js';

const base = tempDir('ossast-hostile-network-');
const TOKEN = 'lt-proxy-token-8d1e4b7a93c2f6';
const certs = join(base, 'certs');

/** Runs openssl in the certificate folder (present on CI runners and developer machines). */
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: ['ignore', 'pipe', 'pipe'] });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA, leaves it signs (for localhost, for another name, expired) and a self-signed leaf. */
function makeCertificates() {
  mkdirSync(certs, { recursive: true });
  openssl('req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ossast test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  const leaf = (name: string, san: string) => {
    openssl('req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=localhost', '-addext', `subjectAltName=${san}`);
    return san;
  };
  leaf('localhost', 'DNS:localhost,IP:127.0.0.1');
  openssl('x509', '-req', '-in', 'localhost.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'localhost.pem', '-days', '2', '-copy_extensions', 'copy');
  leaf('other', 'DNS:lifetime.other.example');
  openssl('x509', '-req', '-in', 'other.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'other.pem', '-days', '2', '-copy_extensions', 'copy');
  // Expired: `openssl ca` takes explicit dates.
  leaf('expired', 'DNS:localhost,IP:127.0.0.1');
  writeFileSync(join(certs, 'index.txt'), '');
  writeFileSync(join(certs, 'ca.cnf'), '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = ca.srl\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\nunique_subject = no\n[p]\ncommonName = supplied\n');
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-notext');
  openssl('req', '-x509', ...EC, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  const read = (f: string) => readFileSync(join(certs, f), 'utf8');
  return {
    ca: join(certs, 'ca.pem'),
    /** The leaf alone (its issuer not sent), the leaf with its CA, another host's, an expired one, a self-signed one. */
    servers: {
      leaf: { key: read('localhost.key'), cert: read('localhost.pem') },
      chain: { key: read('localhost.key'), cert: read('localhost.pem') + read('ca.pem') },
      other: { key: read('other.key'), cert: read('other.pem') },
      expired: { key: read('expired.key'), cert: read('expired.pem') },
      self: { key: read('self.key'), cert: read('self.pem') },
    },
  };
}

interface Proxy {
  url: string;
  /** CONNECT targets, and requests in absolute form, in order. */
  seen: string[];
  /** Every byte clients sent through the proxy. */
  bytes(): Buffer;
  close(): Promise<void>;
}

/** A forward proxy: CONNECT tunnels to the target (recording the bytes that pass), plain requests refused. */
async function startProxy(): Promise<Proxy> {
  const seen: string[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    chunks.push(Buffer.from(JSON.stringify(req.headers)));
    res.writeHead(502).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    chunks.push(Buffer.from(JSON.stringify(req.headers)), head);
    const [host, port] = (req.url ?? '').split(':');
    const up = netConnect(Number(port), host === 'localhost' ? '127.0.0.1' : host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      client.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
      client.pipe(up).pipe(client);
    });
    for (const s of [up, client]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    bytes: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** LifeTime over TLS: a TLS front on 127.0.0.1 relaying to the (plain) simulator, its links rewritten to the front. */
async function startTlsLifetime(catalog: SimCatalog, tlsOpts: { key: string; cert: string }, simOpts: SimOptions = {}) {
  let front = '';
  const sim = await startLifetimeSimulator({ catalog, token: TOKEN, packagingPolls: 0, rewriteLink: (genuine) => `${front}${genuine.pathname}`, ...simOpts });
  const port = new URL(sim.url).port;
  const sockets = new Set<Socket>();
  const server = createTlsServer(tlsOpts, (sock) => {
    const up = netConnect(Number(port), '127.0.0.1');
    for (const s of [sock, up]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    sock.pipe(up).pipe(sock);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    sim,
    url: front,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sim.close();
    },
  };
}

let catalog: SimCatalog;
let tls: ReturnType<typeof makeCertificates>;
let proxy: Proxy;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  catalog = await testCatalog(base);
  tls = makeCertificates();
  proxy = await startProxy();
  closers.push(() => proxy.close());
}, 60_000);
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

/** No CI proxy of the machine running the tests: only what a case sets. */
const NO_PROXY_ENV = { HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '', NODE_EXTRA_CA_CERTS: '' };

let n = 0;
async function fetchFrom(url: string, env: Record<string, string>, settings: Record<string, unknown> = {}) {
  const root = join(base, `case${++n}`);
  writeTree(root, { 'canary.txt': 'must survive\n' });
  const lt = { url, environment: 'Production', applications: ['Shop'], pollIntervalSeconds: 0.05, retries: 2, ...settings };
  const config = join(root, 'ossast.yml');
  writeFileSync(
    config,
    `version: 1\nlifetime:\n${Object.entries(lt)
      .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
      .join('\n')}\n`,
  );
  const ws = guardedWorkspace(root);
  const before = proxy.seen.length;
  const r: CliResult = await runCli(['fetch', '--config', config, '--out', ws.out], { cwd: root, env: { ...NO_PROXY_ENV, LIFETIME_TOKEN: TOKEN, ...env } });
  expectNoToken(TOKEN, { dirs: [ws.out], texts: { stdout: r.stdout, stderr: r.stderr } });
  ws.unchanged();
  return { ...r, proxied: proxy.seen.slice(before) };
}

describe('LifeTime over https through a proxy', () => {
  it.each([['HTTPS_PROXY'], ['https_proxy'], ['HTTP_PROXY'], ['http_proxy']])('%s: every call goes through CONNECT, the token never in clear to the proxy', async (variable) => {
    const lt = await startTlsLifetime(catalog, tls.servers.chain);
    closers.push(lt.close);
    const r = await fetchFrom(lt.url, { [variable]: proxy.url }, { caFile: tls.ca });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('fetched 1 package(s), 0 failed');
    // Environments, applications, modules, packaging, status, link, download: all tunnelled, none in plain form.
    expect(r.proxied.length).toBeGreaterThan(0);
    expect(r.proxied.every((s) => s === `CONNECT localhost:${lt.port}`)).toBe(true);
    for (const form of tokenForms(TOKEN)) expect(proxy.bytes().includes(Buffer.from(form))).toBe(false);
    // LifeTime did get the token, through the tunnel.
    expect(lt.sim.requests.length).toBeGreaterThan(0);
  });

  it('a download redirected to another origin reaches it through the proxy without the Authorization header', async () => {
    const b = await startBystander({ file: catalog.applications[0]!.zip });
    closers.push(() => b.close());
    const lt = await startTlsLifetime(catalog, tls.servers.chain, { redirectDownloadsTo: b.url });
    closers.push(lt.close);
    const r = await fetchFrom(lt.url, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, { caFile: tls.ca });
    expect(r.code, r.stderr).toBe(0);
    expect(b.requests).toEqual([{ method: 'GET', path: expect.stringContaining('/lifetimeapi/rest/v2/downloads/'), authorization: false }]);
    expect(r.proxied).toContain(`CONNECT ${new URL(b.url).host}`);
    for (const form of tokenForms(TOKEN)) expect(proxy.bytes().includes(Buffer.from(form))).toBe(false);
  });

  it.each([['localhost'], ['LOCALHOST'], ['.localhost'], ['*'], ['example.com, localhost'], ['localhost:PORT']])('NO_PROXY=%s: LifeTime is reached directly', async (noProxy) => {
    const lt = await startTlsLifetime(catalog, tls.servers.chain);
    closers.push(lt.close);
    for (const variable of ['NO_PROXY', 'no_proxy']) {
      const r = await fetchFrom(lt.url, { HTTPS_PROXY: proxy.url, [variable]: noProxy.replace('PORT', String(lt.port)) }, { caFile: tls.ca });
      expect(r.code, r.stderr).toBe(0);
      expect(r.proxied).toEqual([]);
    }
  });

  it('NO_PROXY naming another port or host does not bypass the proxy', async () => {
    const lt = await startTlsLifetime(catalog, tls.servers.chain);
    closers.push(lt.close);
    for (const noProxy of ['localhost:1', 'lifetime.example.com', 'host']) {
      const r = await fetchFrom(lt.url, { HTTPS_PROXY: proxy.url, NO_PROXY: noProxy }, { caFile: tls.ca });
      expect(r.code, r.stderr).toBe(0);
      expect(r.proxied.length).toBeGreaterThan(0);
    }
  });
});

describe('plain http LifeTime', () => {
  it.each([['HTTP_PROXY'], ['http_proxy']])('through a proxy (%s) is refused before any request (exit 2): the proxy would read the token', async (variable) => {
    const sim = await startLifetimeSimulator({ catalog, token: TOKEN, packagingPolls: 0 });
    closers.push(() => sim.close());
    const r = await fetchFrom(sim.url, { [variable]: proxy.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`lifetime.url ${sim.url} is plain http and HTTP_PROXY sends it through the proxy ${proxy.url}, which would read the LifeTime token in clear`);
    expect(r.stderr).toContain('use https:// for lifetime.url');
    expect(r.proxied).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('on this machine, without a proxy: no warning', async () => {
    const sim = await startLifetimeSimulator({ catalog, token: TOKEN, packagingPolls: 0 });
    closers.push(() => sim.close());
    const r = await fetchFrom(sim.url, {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('is plain http');
  });
});

describe('TLS certificates', () => {
  it('a private CA in lifetime.caFile: fetched (exit 0), directly', async () => {
    for (const server of [tls.servers.leaf, tls.servers.chain]) {
      const lt = await startTlsLifetime(catalog, server);
      closers.push(lt.close);
      const r = await fetchFrom(lt.url, {}, { caFile: tls.ca });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('fetched 1 package(s), 0 failed');
    }
  });

  it.each([
    ['the leaf of an untrusted CA', 'leaf', false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'set lifetime.caFile'],
    ['a chain ending in an untrusted CA', 'chain', false, 'SELF_SIGNED_CERT_IN_CHAIN', 'set lifetime.caFile'],
    ['a self-signed certificate', 'self', false, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'NODE_EXTRA_CA_CERTS'],
    ['a self-signed certificate, a CA file of another CA', 'self', true, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'set lifetime.caFile'],
    ['an expired certificate', 'expired', true, 'CERT_HAS_EXPIRED', 'renewed'],
    ['a certificate for another host name', 'other', true, 'ERR_TLS_CERT_ALTNAME_INVALID', 'the host name the certificate'],
  ] as const)('%s: a certificate problem (exit 3), naming the origin and what to do, not retried', async (_name, server, trusted, code, todo) => {
    const lt = await startTlsLifetime(catalog, tls.servers[server]);
    closers.push(lt.close);
    const envs: Record<string, string>[] = [{}, { HTTPS_PROXY: proxy.url }];
    for (const env of envs) {
      const r = await fetchFrom(lt.url, env, trusted ? { caFile: tls.ca } : {});
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`TLS certificate problem with ${lt.url}: `);
      expect(r.stderr).toContain(`(${code})`);
      expect(r.stderr).toContain(todo);
      expect(r.stderr).not.toContain('requestTimeoutSeconds');
      // Not retried: a certificate does not change between attempts.
      expect(r.stderr).not.toContain('retry 1/');
      expect(lt.sim.requests).toEqual([]);
    }
  });
});

describe('lifetime.caFile is checked (exit 2, naming the field)', () => {
  const bad = (name: string, content: string | Buffer) => {
    const file = join(base, 'bad-ca', name);
    mkdirSync(join(base, 'bad-ca'), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  it.each([
    ['missing', () => join(base, 'no-such-ca.pem'), 'lifetime.caFile: cannot open'],
    ['a folder', () => base, 'is not a regular file'],
    ['empty', () => bad('empty.pem', ''), 'holds no PEM certificate'],
    ['a private key, no certificate', () => bad('key.pem', readFileSync(join(certs, 'ca.key'))), 'holds no PEM certificate'],
    ['DER bytes', () => bad('ca.der', execFileSync('openssl', ['x509', '-in', join(certs, 'ca.pem'), '-outform', 'DER'])), 'holds no PEM certificate'],
    ['a PEM block that is not a certificate', () => bad('junk.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n'), 'certificate 1 of 1 in'],
    ['a second block that does not parse', () => bad('two.pem', readFileSync(join(certs, 'ca.pem'), 'utf8') + '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'certificate 2 of 2 in'],
    ['over 1 MiB', () => bad('big.pem', readFileSync(join(certs, 'ca.pem'), 'utf8').repeat(2000)), 'more than the 1048576 ossast reads'],
    [
      'a FIFO (refused without blocking)',
      () => {
        const fifo = join(base, 'bad-ca', 'fifo.pem');
        mkdirSync(join(base, 'bad-ca'), { recursive: true });
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
      'is not a regular file',
    ],
  ])('%s', async (_name, file, message) => {
    const lt = await startTlsLifetime(catalog, tls.servers.chain);
    closers.push(lt.close);
    const r = await fetchFrom(lt.url, {}, { caFile: file() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lifetime.caFile');
    expect(r.stderr).toContain(message);
    expect(lt.sim.requests).toEqual([]);
  });
});

describe('the exposure probe', () => {
  it('goes through HTTP_PROXY (tunnelled), and directly when NO_PROXY names the host', async () => {
    const target = createHttpServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/M1/Partner.asmx?WSDL`;
    const saved = { ...process.env };
    try {
      for (const [variables, proxied] of [
        [{ HTTP_PROXY: proxy.url }, true],
        [{ http_proxy: proxy.url }, true],
        [{ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, false],
        [{}, false],
      ] as const) {
        Object.assign(process.env, NO_PROXY_ENV, variables);
        const before = proxy.seen.length;
        const result = await probeOne(url, { ...probeDefaults }, new AbortController().signal);
        expect(result).toMatchObject({ status: 200, verdict: 'reachable' });
        expect(proxy.seen.slice(before)).toEqual(proxied ? [`CONNECT 127.0.0.1:${(target.address() as AddressInfo).port}`] : []);
      }
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
