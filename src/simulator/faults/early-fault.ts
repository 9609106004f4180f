import { errorResponse, type SimResponse } from '../server/sim-response.js';
import type { FaultDecision } from './fault-plan.js';

/** What a fault that strikes before the handler runs does instead of answering. */
export type EarlyFault =
  | { readonly kind: 'respond'; readonly response: SimResponse }
  | { readonly kind: 'reset' }
  | { readonly kind: 'expire-token' };

const SERVER_ERRORS = [
  { status: 500, message: 'Unexpected error occurred' },
  { status: 502, message: 'Bad Gateway' },
  { status: 503, message: 'Service Unavailable' },
] as const;

/**
 * Faults that replace the answer: a 429 without `Retry-After` (Cloud only), a 5xx, a reset connection,
 * or a 401 for an expired token. `stall`, `truncated` and `query-rejected` act on the real answer
 * instead and return `undefined` here.
 */
export function earlyFault(decision: FaultDecision | undefined): EarlyFault | undefined {
  switch (decision?.kind) {
    case 'rate-limit':
      // Cloud documents per-IP limits but promises no Retry-After.
      return { kind: 'respond', response: errorResponse(429, 'Too Many Requests') };
    case 'server-error': {
      const pick = SERVER_ERRORS[Math.floor(decision.variant * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0];
      return { kind: 'respond', response: errorResponse(pick.status, pick.message) };
    }
    case 'reset':
      return { kind: 'reset' };
    case 'expired-token':
      return { kind: 'expire-token' };
    default:
      return undefined;
  }
}
