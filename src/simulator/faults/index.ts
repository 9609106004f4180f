/**
 * Reproducible transport faults for the simulator: rate limits, 5xx, resets, stalls, truncated bodies
 * and expired tokens, drawn from a seeded generator per request.
 */
export { type EarlyFault, earlyFault } from './early-fault.js';
export { FAULT_KINDS, type FaultKind, faultKindsFor, isFaultKind } from './fault-kind.js';
export { createFaultPlan, type FaultDecision, type FaultPlan, type FaultPlanOptions } from './fault-plan.js';
export { QUERY_REJECTED_MESSAGE, rejectSubmittedQuery } from './query-rejection.js';
export { type SendOptions, sendResponse } from './send-response.js';
