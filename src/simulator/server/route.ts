import type { FlavorSpec } from '../flavor.js';
import type { WindowCache } from '../sql/window-cache.js';
import type { AdvanceResult, SimWorld } from '../world.js';
import type { JobRegistry } from './job-registry.js';
import type { SessionStore } from './session-store.js';
import type { SimResponse } from './sim-response.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Everything a route needs; one instance per server, shared by every request. */
export interface ServerState {
  readonly world: SimWorld;
  readonly spec: FlavorSpec;
  readonly sessions: SessionStore;
  readonly jobs: JobRegistry;
  /** First pages of recent system-table results, so they are not generated twice. */
  readonly firstPages: WindowCache;
  readonly projectId: string;
  /** The simulated "now" in epoch ms: the world's end of history plus the time the server has run. */
  readonly nowMs: () => number;
  /** Lets days pass in the world (`POST /__simulator/advance`) and tells whoever listens. */
  readonly advance: (days: number) => AdvanceResult;
}

export interface RouteContext {
  readonly state: ServerState;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body, or `undefined` when the request had none. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The authenticated user name; empty on routes that need no authentication. */
  readonly user: string;
  readonly token: string;
}

export interface Route {
  readonly method: HttpMethod;
  /** Segments; `:name` captures one segment, `*name` captures the rest (decoded, joined by `/`). */
  readonly pattern: string;
  readonly auth: boolean;
  readonly handler: (context: RouteContext) => SimResponse;
}
