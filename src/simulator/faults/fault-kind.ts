/** The transport failures the simulator can inject, each something a real cluster or its proxy does. */
export const FAULT_KINDS = [
  'rate-limit',
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
