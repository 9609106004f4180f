import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultKindsFor } from '../faults/fault-kind.js';
import { createFaultPlan, type FaultPlanOptions } from '../faults/fault-plan.js';
import { sendResponse } from '../faults/send-response.js';
import { FLAVOR_SPECS } from '../flavor.js';
import type { SimClock } from '../sim-clock.js';
import { WindowCache } from '../sql/window-cache.js';
import type { AdvanceResult, SimWorld } from '../world.js';
import { JobRegistry } from './job-registry.js';
import { MAX_RESULTS_LIMIT } from './job-routes.js';
import { createRequestHandler } from './request-handler.js';
import type { ServerState } from './route.js';
import { routesFor } from './route-table.js';
import { type Credentials, SessionStore } from './session-store.js';
import { errorResponse } from './sim-response.js';

export interface SimServerOptions {
  readonly world: SimWorld;
  readonly credentials: Credentials & { readonly projectId: string };
  readonly tokenLifetimeMs: number;
  readonly faults: FaultPlanOptions;
  readonly stallMs: number;
  /** Polls of `GET /job/{id}` that report PLANNING/RUNNING before the final state. */
  readonly pollsBeforeFinal: number;
  readonly clock: SimClock;
  /** Called after every advance, e.g. to rewrite a truth file. */
  readonly onAdvance?: (result: AdvanceResult) => void;
  readonly host: string;
  readonly port: number;
}

export interface SimServer {
  readonly url: string;
  readonly state: ServerState;
  close(): Promise<void>;
}

function createState(options: SimServerOptions): ServerState {
  const spec = FLAVOR_SPECS[options.world.options.flavor];
  return {
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
    nowMs: () => options.clock.nowMs(),
    advance: (days) => {
      const result = options.world.advance(days);
      options.onAdvance?.(result);
      return result;
    },
  };
}

/**
 * Serves a simulated Dremio over `node:http`: Dremio's paths, status codes and JSON shapes for the
 * world's flavor, plus reproducible faults. Route handlers are synchronous over the shared state;
 * the transport (bodies, faults, stalls) lives in the request handler.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const state = createState(options);
  const timers = new Set<NodeJS.Timeout>();
  const track = (timer: NodeJS.Timeout) => {
    timers.add(timer);
    timer.unref();
  };
  const handle = createRequestHandler({
    state,
    routes: routesFor(state.spec),
    plan: createFaultPlan({ ...options.faults, kinds: faultKindsFor(state.spec.kind, options.faults.kinds) }),
    stallMs: options.stallMs,
    track,
  });
  const server = createServer((req, res) => {
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
