/**
 * Dremio-style job ids that encode the job's index, so `jobById` is O(1): the last group holds
 * `(index XOR mask) * 256` (Dremio ids end in the attempt byte 00), the rest is seeded noise.
 */
import { hash32 } from './prng.js';

const ID_SALT = 0x51d;

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0').slice(-digits);
}

function indexMask(seed: number): number {
  return hash32(seed, ID_SALT) & 0x7fffffff;
}

export function jobIdFor(seed: number, index: number): string {
  const a = hash32(seed, index, 1);
  const b = hash32(seed, index, 2);
  const c = hash32(seed, index, 3);
  const encoded = ((index ^ indexMask(seed)) >>> 0) * 256;
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(b & 0xffff, 4)}-${hex(c >>> 16, 4)}-${hex(encoded, 12)}`;
}

/** The index a job id encodes, or undefined when the text cannot be one of this world's ids. */
export function indexFromJobId(seed: number, jobId: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(jobId)) return undefined;
  const encoded = Number.parseInt(jobId.slice(24), 16);
  if (encoded % 256 !== 0) return undefined;
  const index = ((encoded / 256) ^ indexMask(seed)) >>> 0;
  return jobIdFor(seed, index) === jobId ? index : undefined;
}

/** The profile's `id`: the UUID halves as signed 64-bit integers (part1 = most significant). */
export function profileIdParts(jobId: string): { readonly part1: bigint; readonly part2: bigint } {
  const digits = jobId.replaceAll('-', '');
  return {
    part1: BigInt.asIntN(64, BigInt(`0x${digits.slice(0, 16)}`)),
    part2: BigInt.asIntN(64, BigInt(`0x${digits.slice(16)}`)),
  };
}

const entityCache = new Map<string, string>();

/** A stable UUID for a named entity (datasets, reflections, queues); memoised, names repeat per job. */
export function entityUuid(seed: number, name: string): string {
  const key = `${seed}\u0000${name}`;
  const cached = entityCache.get(key);
  if (cached !== undefined) return cached;
  const id = computeEntityUuid(seed, name);
  if (entityCache.size < 100_000) entityCache.set(key, id);
  return id;
}

function computeEntityUuid(seed: number, name: string): string {
  const codes = Array.from(name, (ch) => ch.charCodeAt(0));
  const a = hash32(seed, 11, ...codes);
  const b = hash32(seed, 12, ...codes);
  const c = hash32(seed, 13, ...codes);
  const d = hash32(seed, 14, ...codes);
  const variant = (8 + (c >>> 30)).toString(16);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${variant}${hex(c & 0xfff, 3)}-${hex(d, 8)}${hex(a ^ d, 4)}`;
}
