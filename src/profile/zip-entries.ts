import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { type ArchiveLimits, bombReason } from './archive-limits.js';
import { concat } from './gunzip-capped.js';

export interface ArchiveMember {
  readonly name: string;
  readonly data: Uint8Array;
}

export type ZipResult =
  | { readonly ok: true; readonly members: readonly ArchiveMember[] }
  | { readonly ok: false; readonly reason: string; readonly bomb: boolean };

const CHUNK_BYTES = 1024 * 1024;

class LimitExceeded extends Error {}

/**
 * Extracts the wanted members of a ZIP. The central directory's declared sizes are checked first;
 * then members are inflated as a stream with the same limits, because declared sizes can lie.
 */
export function readZipMembers(options: {
  data: Uint8Array;
  limits: ArchiveLimits;
  wanted: (name: string) => boolean;
}): ZipResult {
  const { data, limits } = options;
  let declaredBytes = 0;
  try {
    unzipSync(data, {
      filter: (info) => {
        declaredBytes += info.originalSize;
        return false;
      },
    });
  } catch (error) {
    return { ok: false, bomb: false, reason: `it is not a readable ZIP (${(error as Error).message})` };
  }
  const declared = bombReason({ compressedBytes: data.length, uncompressedBytes: declaredBytes, limits });
  if (declared !== undefined) return { ok: false, bomb: true, reason: `its directory says ${declared}` };
  return inflateWanted(options);
}

function inflateWanted(options: {
  data: Uint8Array;
  limits: ArchiveLimits;
  wanted: (name: string) => boolean;
}): ZipResult {
  const { data, limits } = options;
  const members: ArchiveMember[] = [];
  let total = 0;
  let refusal: string | undefined;
  const unzip = new Unzip((file) => {
    if (!options.wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (error !== null) throw error;
      size += chunk.length;
      total += chunk.length;
      refusal = bombReason({ compressedBytes: data.length, uncompressedBytes: total, limits });
      if (refusal !== undefined) throw new LimitExceeded();
      chunks.push(chunk);
      if (final) members.push({ name: file.name, data: concat(chunks, size) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
      const end = Math.min(offset + CHUNK_BYTES, data.length);
      unzip.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if (error instanceof LimitExceeded)
      return { ok: false, bomb: true, reason: refusal ?? 'it expands too much' };
    return { ok: false, bomb: false, reason: `a member could not be inflated (${(error as Error).message})` };
  }
  return { ok: true, members };
}
