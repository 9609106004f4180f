import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/**
 * A webhook receiver on loopback: records every POST answered 2xx (`received`) and answers with
 * `status` (200 by default; 503 plays a receiver that is down). `stop` closes the port (connection
 * refused) and `start` opens the same port again.
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedPost[];
  /** Every POST, whatever it was answered. */
  readonly requests: number;
  status: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let port = 0;
  let server: Server | undefined;
  let requests = 0;
  const receiver = {
    url: '',
    received: [] as ReceivedPost[],
    get requests() {
      return requests;
    },
    status: 200,
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          requests++;
          if (receiver.status < 300) {
            receiver.received.push({
              headers: req.headers,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            });
          }
          res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      await new Promise<void>((done) => server!.listen(port, '127.0.0.1', () => done()));
      port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/hook`;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s === undefined) return;
      await new Promise<void>((done) => {
        s.close(() => done());
        s.closeAllConnections();
      });
    },
  };
  await receiver.start();
  return receiver;
}
