import type { IncomingMessage, ServerResponse } from 'node:http';
import { earlyFault } from '../faults/early-fault.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import { rejectSubmittedQuery } from '../faults/query-rejection.js';
import { sendResponse } from '../faults/send-response.js';
import { dispatch } from './dispatch.js';
import type { Route, ServerState } from './route.js';
import { errorResponse, type SimResponse } from './sim-response.js';
import { simulatorRoute } from './simulator-routes.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RequestHandlerOptions {
  readonly state: ServerState;
  readonly routes: readonly Route[];
  readonly plan: FaultPlan;
  readonly stallMs: number;
  /** Registers a stall timer so stopping the server can clear it. */
  readonly track: (timer: NodeJS.Timeout) => void;
}

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

/**
 * One request: read the body, draw a fault, then either fail early (429, 5xx, reset), or dispatch
 * and send the answer, stalled or truncated when the fault says so.
 */
export function createRequestHandler(
  options: RequestHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { state, routes, plan, stallMs, track } = options;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = req.method ?? 'GET';
    const bodyText = await readBody(req);
    const send = (response: SimResponse) => sendResponse(res, response, { stallMs, track });
    if (url.pathname.startsWith('/__simulator/')) {
      if (bodyText === undefined)
        return send(errorResponse(413, `Request body exceeds ${MAX_BODY_BYTES} bytes.`));
      return send(simulatorRoute(state, method, url.pathname, bodyText));
    }
    const decision = plan.next();
    const early = earlyFault(decision);
    if (early?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (early?.kind === 'respond') return send(early.response);
    if (bodyText === undefined)
      return send(errorResponse(413, `Request body exceeds ${MAX_BODY_BYTES} bytes.`));
    if (decision?.kind === 'query-rejected') {
      const rejected = rejectSubmittedQuery(state, {
        method,
        path: url.pathname,
        headers: req.headers,
        bodyText,
      });
      if (rejected !== undefined) return send(rejected);
    }
    const response = dispatch(routes, state, {
      method,
      url,
      headers: req.headers,
      bodyText,
      expireToken: early?.kind === 'expire-token',
    });
    const lateFault = decision?.kind === 'stall' || decision?.kind === 'truncated' ? decision : undefined;
    sendResponse(res, response, { stallMs, track, ...(lateFault ? { fault: lateFault } : {}) });
  };
}
