// A probe target on 127.0.0.1 for the exposure probe: answers each path with the status it is told (403, 200, 404…), records every request's headers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenLocal } from './local-server.js';

export interface ProbeServerRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
}

/** What one path answers: a status (with a small body), a redirect, or silence (to test timeouts). */
export type ProbeAnswer = number | { redirect: string } | { hang: true } | { status: number; bodyBytes: number };

export interface ProbeServer {
  url: string;
  requests: ProbeServerRequest[];
  /** Changes answers while running (path with query, e.g. "/Orders/OrdersService.asmx?WSDL"). */
  answers: Map<string, ProbeAnswer>;
  close(): Promise<void>;
}

/**
 * Starts the server. Paths not in `answers` get `fallback` (default 404). Everything is recorded before answering,
 * so a test can assert that no request ever carried a credential.
 */
export async function startProbeServer(opts: { answers: Record<string, ProbeAnswer>; fallback?: number; port?: number }): Promise<ProbeServer> {
  const answers = new Map(Object.entries(opts.answers));
  const requests: ProbeServerRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    const answer = answers.get(req.url ?? '') ?? opts.fallback ?? 404;
    if (typeof answer === 'number') {
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? '<wsdl:definitions/>' : `status ${answer}`);
    } else if ('redirect' in answer) {
      res.writeHead(302, { location: answer.redirect }).end();
    } else if ('hang' in answer) {
      // Never answers; the socket is closed when the server closes.
    } else {
      res.writeHead(answer.status, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(answer.bodyBytes, 0x41));
    }
  });
  const { url, close } = await listenLocal(server, opts.port);
  return { url, requests, answers, close };
}
