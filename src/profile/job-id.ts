import { asObject } from './raw-access.js';

/** A job id rebuilt from a profile's `id` field, and whether its parts were exact 64-bit integers. */
export interface JobIdResult {
  readonly jobId: string;
  readonly exact: boolean;
}

const UINT64 = 64;

/** What a profile with no `id` (or only zero parts) yields; Dremio never issues it, so it means "none". */
export const MISSING_JOB_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Dremio's job id: `new UUID(part1, part2).toString()`, part1 holding the most significant bits. Parts
 * may be `bigint` (lossless JSON) or `number` (already rounded, so `exact` is false); missing parts are 0
 * because protobuf-JSON omits zero values.
 *
 * @example
 * jobIdFromParts({ part1: 2069418626012072247n, part2: 7174571401325465344n }).jobId
 * // '1cb80d46-af06-c937-6391-32ad4fae4f00'
 */
export function jobIdFromParts(id: unknown): JobIdResult {
  const raw = asObject(id);
  const high = toInt64(raw.part1);
  const low = toInt64(raw.part2);
  const hex = hex64(high.value) + hex64(low.value);
  const jobId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { jobId, exact: high.exact && low.exact };
}

function toInt64(value: unknown): { value: bigint; exact: boolean } {
  if (value === undefined) return { value: 0n, exact: true };
  if (typeof value === 'bigint') return { value, exact: true };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { value: BigInt(Math.trunc(value)), exact: Number.isSafeInteger(value) };
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return { value: BigInt(value), exact: true };
  return { value: 0n, exact: false };
}

function hex64(value: bigint): string {
  return BigInt.asUintN(UINT64, value).toString(16).padStart(16, '0');
}
