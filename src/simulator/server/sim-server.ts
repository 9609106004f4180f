import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { earlyFault } from '../faults/early-fault.js';
import { createFaultPlan, type FaultPlanOptions } from '../faults/fault-plan.js';
import { sendResponse } from '../faults/send-response.js';
import { FLAVOR_SPECS } from '../flavor.js';
import { WindowCache } from '../sql/window-cache.js';
import type { SimWorld } from '../world.js';
import { dispatch } from './dispatch.js';
import { JobRegistry } from './job-registry.js';
import { MAX_RESULTS_LIMIT } from './job-routes.js';
import type { ServerState } from './route.js';
import { routesFor } from './route-table.js';
import { type Credentials, SessionStore } from './session-store.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

export interface SimServerOptions {
  readonly world: SimWorld;
  readonly credentials: Credentials & { readonly projectId: string };
  readonly tokenLifetimeMs: number;
  readonly faults: FaultPlanOptions;
  readonly stallMs: number;
  /** Polls of `GET /job/{id}` that report PLANNING/RUNNING before the final state. */
  readonly pollsBeforeFinal: number;
  readonly host: string;
  readonly port: number;
}

export interface SimServer {
  readonly url: string;
  readonly state: ServerState;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/__simulator/*` is ours, not Dremio's: no auth and never a fault. */
function simulatorRoute(world: SimWorld, method: string, path: string): SimResponse {
  if (method === 'GET' && path === '/__simulator/truth') return jsonResponse(200, world.truth());
  return errorResponse(404, 'HTTP 404 Not Found');
}

/**
 * Serves a simulated Dremio over `node:http`: Dremio's paths, status codes and JSON shapes for the
 * world's flavor, plus reproducible faults. Handlers are synchronous and pure over the state; the
 * transport (body reading, faults, stalls) lives here.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const spec = FLAVOR_SPECS[options.world.options.flavor];
  const startedAtMs = Date.now();
  const endAtMs = options.world.options.endAt.getTime();
  const state: ServerState = {
    world: options.world,
    spec,
    sessions: new SessionStore({
      credentials: options.credentials,
      spec,
      tokenLifetimeMs: options.tokenLifetimeMs,
    }),
    jobs: new JobRegistry(options.pollsBeforeFinal),
    firstPages: new WindowCache({ maxEntries: 32, maxRows: MAX_RESULTS_LIMIT }),
    projectId: options.credentials.projectId,
    nowMs: () => endAtMs + (Date.now() - startedAtMs),
  };
  const routes = routesFor(spec);
  const plan = createFaultPlan(options.faults);
  const timers = new Set<NodeJS.Timeout>();
  const track = (timer: NodeJS.Timeout) => {
    timers.add(timer);
    timer.unref();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = req.method ?? 'GET';
    const bodyText = await readBody(req);
    const send = (response: SimResponse) => sendResponse(res, response, { stallMs: options.stallMs, track });
    if (url.pathname.startsWith('/__simulator/'))
      return send(simulatorRoute(options.world, method, url.pathname));
    const decision = plan.next();
    const early = earlyFault(decision);
    if (early?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (early?.kind === 'respond') return send(early.response);
    if (bodyText === undefined)
      return send(errorResponse(413, `Request body exceeds ${MAX_BODY_BYTES} bytes.`));
    const response = dispatch(routes, state, {
      method,
      url,
      headers: req.headers,
      bodyText,
      expireToken: early?.kind === 'expire-token',
    });
    const lateFault = decision?.kind === 'stall' || decision?.kind === 'truncated' ? decision : undefined;
    sendResponse(res, response, {
      stallMs: options.stallMs,
      track,
      ...(lateFault ? { fault: lateFault } : {}),
    });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendResponse(res, errorResponse(500, String(error)), { stallMs: 0, track });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
