import type { ServerResponse } from 'node:http';
import type { SimResponse } from '../server/sim-response.js';
import type { FaultDecision } from './fault-plan.js';

export interface SendOptions {
  /** A `stall` or `truncated` fault to apply to this response, if any. */
  readonly fault?: FaultDecision;
  readonly stallMs: number;
  /** Registers a stall timer so stopping the server can clear it. */
  readonly track: (timer: NodeJS.Timeout) => void;
}

function write(res: ServerResponse, response: SimResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.byteLength) });
  res.end(response.body);
}

/**
 * Half the body. Variant < 0.5 promises the full Content-Length and then drops the connection (the
 * client sees a premature close); otherwise the short body is a complete response of invalid JSON.
 */
function writeTruncated(res: ServerResponse, response: SimResponse, variant: number): void {
  const half = response.body.subarray(0, Math.floor(response.body.byteLength / 2));
  if (variant < 0.5 || half.byteLength === 0) {
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': String(response.body.byteLength),
    });
    res.write(half, () => res.socket?.destroy());
    return;
  }
  res.writeHead(response.status, { ...response.headers, 'content-length': String(half.byteLength) });
  res.end(half);
}

/** Writes a handler's response, corrupted or delayed when a response-level fault was drawn. */
export function sendResponse(res: ServerResponse, response: SimResponse, options: SendOptions): void {
  if (options.fault?.kind === 'truncated') {
    writeTruncated(res, response, options.fault.variant);
    return;
  }
  if (options.fault?.kind === 'stall') {
    const timer = setTimeout(() => {
      if (!res.destroyed && !res.writableEnded) write(res, response);
    }, options.stallMs);
    options.track(timer);
    return;
  }
  write(res, response);
}
