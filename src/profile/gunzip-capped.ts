import { Gunzip } from 'fflate';
import { type ArchiveLimits, bombReason, entryLimitReason } from './archive-limits.js';

const CHUNK_BYTES = 1024 * 1024;

export type CappedResult =
  | { readonly ok: true; readonly data: Uint8Array }
  | { readonly ok: false; readonly reason: string };

class LimitExceeded extends Error {}

/**
 * Gunzips while counting output, and stops as soon as the output would break the limits (the
 * archive limits, and `maxFileBytes` for the one file it holds), so a gzip bomb never gets materialised.
 */
export function gunzipCapped(options: { data: Uint8Array; limits: ArchiveLimits }): CappedResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let refusal: string | undefined;
  const stream = new Gunzip((chunk) => {
    total += chunk.length;
    refusal =
      total > options.limits.maxFileBytes
        ? entryLimitReason(options.limits)
        : bombReason({
            compressedBytes: options.data.length,
            uncompressedBytes: total,
            limits: options.limits,
          });
    // Output only grows, so a limit broken midway stays broken: stop before materialising more.
    if (refusal !== undefined) throw new LimitExceeded();
    chunks.push(chunk);
  });
  try {
    for (let offset = 0; offset < options.data.length; offset += CHUNK_BYTES) {
      const end = Math.min(offset + CHUNK_BYTES, options.data.length);
      stream.push(options.data.subarray(offset, end), end === options.data.length);
    }
  } catch (error) {
    if (error instanceof LimitExceeded) return { ok: false, reason: refusal ?? 'it expands too much' };
    return { ok: false, reason: `it is not valid gzip data (${(error as Error).message})` };
  }
  return { ok: true, data: concat(chunks, total) };
}

export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
