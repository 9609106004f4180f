import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoServer {
  readonly url: string;
  /** Every request received, so a test can prove the secrets really reached the server. */
  readonly received: readonly { readonly headers: IncomingHttpHeaders; readonly body: string }[];
  close(): Promise<void>;
}

/**
 * A careless server on loopback: it rejects every request with HTTP 400 and echoes the request's
 * headers and body in its error message, as some proxies and debug builds do.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body });
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          errorMessage: `rejected ${request.method} ${request.url} headers=${JSON.stringify(request.headers)} body=${body}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
