import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OperationsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  /** Resolves with the reasons the processor is not ready (empty: ready). */
  readonly notReadyReasons: () => Promise<string[]>;
}

export interface OperationsServer {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

/** /metrics (Prometheus text), /healthz (the process answers) and /readyz (joined and store reachable). */
export async function startOperationsServer(options: OperationsServerOptions): Promise<OperationsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, contentType: string, body: string): void => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(body);
    };
    const json = (status: number, body: unknown): void => { send(status, 'application/json', JSON.stringify(body)); };
    if (request.method !== 'GET') { json(405, { error: 'method not allowed' }); return; }
    if (path === '/healthz') { json(200, { status: 'ok' }); return; }
    if (path === '/readyz') {
      options.notReadyReasons().then(
        (reasons) => { json(reasons.length === 0 ? 200 : 503, reasons.length === 0 ? { status: 'ready' } : { status: 'not_ready', reasons }); },
        (error: unknown) => { json(503, { status: 'not_ready', reasons: [String(error)] }); },
      );
      return;
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => { send(200, options.registry.contentType, text); },
        (error: unknown) => { json(500, { error: String(error) }); },
      );
      return;
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { resolve(); });
  });
  const address = server.address() as AddressInfo;
  return {
    address: { host: address.address, port: address.port },
    close: () => new Promise<void>((resolve) => {
      server.close(() => { resolve(); });
      server.closeAllConnections();
    }),
  };
}
