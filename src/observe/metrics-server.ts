import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OptimizerMetrics } from './metrics.js';

export interface MetricsServerOptions {
  readonly metrics: OptimizerMetrics;
  /** Default 127.0.0.1: the numbers are for a local Prometheus, not the network. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Brings gauges read from elsewhere (the store) up to date before each scrape. */
  readonly beforeScrape?: () => Promise<void>;
}

export interface MetricsServer {
  /** `http://host:port`, the port the server actually listens on. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on a server of its own, for processes without the API (`run --every`). Anything
 * else is a 404; it reads no request body and keeps no state beyond the registry.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    void (async () => {
      try {
        await options.beforeScrape?.();
        const { contentType, body } = await options.metrics.render();
        options.metrics.apiRequest('/metrics', 200);
        response.writeHead(200, { 'Content-Type': contentType }).end(body);
      } catch (error) {
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(error as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
