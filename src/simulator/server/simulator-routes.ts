/**
 * `/__simulator/*`: the simulator's own controls, outside Dremio's paths (no auth, never a fault).
 * `GET truth` is the ground truth; `POST advance` with `{"days": N}` lets N days of workload pass.
 */
import type { ServerState } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

function daysOf(bodyText: string): number | string {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return 'Request body must be JSON like {"days": 7}.';
  }
  const days = (body as { days?: unknown } | null)?.days;
  if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0)
    return 'days must be a number above 0, e.g. {"days": 7}.';
  return days;
}

export function simulatorRoute(
  state: ServerState,
  method: string,
  path: string,
  bodyText: string,
): SimResponse {
  if (method === 'GET' && path === '/__simulator/truth') return jsonResponse(200, state.world.truth());
  if (method === 'POST' && path === '/__simulator/advance') {
    const days = daysOf(bodyText);
    if (typeof days === 'string') return errorResponse(400, days);
    try {
      return jsonResponse(200, state.advance(days));
    } catch (error) {
      if (error instanceof RangeError) return errorResponse(400, error.message);
      throw error;
    }
  }
  return errorResponse(404, 'HTTP 404 Not Found');
}
