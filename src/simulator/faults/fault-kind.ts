/** The transport failures the simulator can inject, each something a real cluster or its proxy does. */
export const FAULT_KINDS = [
  'rate-limit',
  'query-rejected',
  'server-error',
  'reset',
  'stall',
  'truncated',
  'expired-token',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/**
 * Overload looks different per deployment (fidelity-gaps, smaller differences): Software never
 * answers 429 but fails the submitted job with `QUERY_REJECTED`; Cloud rate-limits per IP with a 429.
 */
const OVERLOAD_KIND: Readonly<Record<'software' | 'cloud', FaultKind>> = {
  software: 'query-rejected',
  cloud: 'rate-limit',
};

/** The asked-for kinds this deployment can produce; the other overload kind becomes its own. */
export function faultKindsFor(kind: 'software' | 'cloud', kinds: readonly FaultKind[]): FaultKind[] {
  const overload = OVERLOAD_KIND[kind];
  const mapped = kinds.map((k) => (k === 'rate-limit' || k === 'query-rejected' ? overload : k));
  return [...new Set(mapped)];
}
