import { Inflate } from 'fflate';
import { type ArchiveLimits, bombReason, entryLimitReason } from './archive-limits.js';
import { concat } from './gunzip-capped.js';

export interface ArchiveMember {
  readonly name: string;
  readonly data: Uint8Array;
}

export type ZipResult =
  | { readonly ok: true; readonly members: readonly ArchiveMember[] }
  | { readonly ok: false; readonly reason: string; readonly bomb: boolean };

/** One member as {@link zipMembers} yields it: inflated, or refused alone (the others still come). */
export type ZipMemberOutcome =
  | { readonly ok: true; readonly name: string; readonly data: Uint8Array }
  | { readonly ok: false; readonly name: string; readonly reason: string };

/** The archive as a whole cannot be read; no member follows. */
export class ZipRefused extends Error {
  constructor(
    readonly reason: string,
    readonly bomb: boolean,
  ) {
    super(reason);
  }
}

interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly declaredBytes: number;
  readonly compressedBytes: number;
  readonly localHeaderAt: number;
}

const CHUNK_BYTES = 1024 * 1024;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const names = new TextDecoder();

class LimitExceeded extends Error {}

/**
 * Extracts the wanted members of a ZIP, all at once (for callers that need every member together,
 * e.g. a support bundle's header beside its attempts). Use {@link zipMembers} to hold one at a time.
 */
export function readZipMembers(options: {
  data: Uint8Array;
  limits: ArchiveLimits;
  wanted: (name: string) => boolean;
}): ZipResult {
  const members: ArchiveMember[] = [];
  try {
    for (const m of zipMembers(options)) {
      if (!m.ok) return { ok: false, bomb: true, reason: `member ${m.name}: ${m.reason}` };
      members.push(m);
    }
  } catch (error) {
    if (error instanceof ZipRefused) return { ok: false, bomb: error.bomb, reason: error.reason };
    throw error;
  }
  return { ok: true, members };
}

/**
 * Inflates the wanted members one at a time, so only the member in hand is in memory. The central
 * directory's declared sizes are checked first; each member is then inflated with the archive's limits
 * and the per-entry limit, because declared sizes can lie. Throws {@link ZipRefused} for the archive.
 */
export function* zipMembers(options: {
  data: Uint8Array;
  limits: ArchiveLimits;
  wanted: (name: string) => boolean;
}): Generator<ZipMemberOutcome> {
  const { data, limits } = options;
  const entries = centralDirectory(data);
  const declaredBytes = entries.reduce((n, e) => n + e.declaredBytes, 0);
  const declared = bombReason({ compressedBytes: data.length, uncompressedBytes: declaredBytes, limits });
  if (declared !== undefined) throw new ZipRefused(`its directory says ${declared}`, true);
  const total = { bytes: 0 };
  for (const entry of entries) {
    if (!options.wanted(entry.name)) continue;
    if (entry.encrypted) {
      yield { ok: false, name: entry.name, reason: 'it is encrypted' };
      continue;
    }
    if (entry.declaredBytes > limits.maxFileBytes) {
      yield { ok: false, name: entry.name, reason: entryLimitReason(limits) };
      continue;
    }
    yield inflateEntry({ data, limits, entry, total });
  }
}

function inflateEntry(input: {
  data: Uint8Array;
  limits: ArchiveLimits;
  entry: CentralEntry;
  total: { bytes: number };
}): ZipMemberOutcome {
  const { data, limits, entry, total } = input;
  const name = entry.name;
  const start = dataStart(data, entry);
  const compressed = data.subarray(start, start + entry.compressedBytes);
  if (entry.method === 0) {
    if (compressed.length > limits.maxFileBytes) return { ok: false, name, reason: entryLimitReason(limits) };
    return { ok: true, name, data: compressed };
  }
  if (entry.method !== 8)
    return { ok: false, name, reason: `it uses compression method ${entry.method}; only deflate is read` };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let refusal: string | undefined;
  let archiveRefusal: string | undefined;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    total.bytes += chunk.length;
    // Output only grows, so a limit broken midway stays broken: stop before materialising more.
    if (size > limits.maxFileBytes) refusal = entryLimitReason(limits);
    archiveRefusal = bombReason({ compressedBytes: data.length, uncompressedBytes: total.bytes, limits });
    if (refusal !== undefined || archiveRefusal !== undefined) throw new LimitExceeded();
    chunks.push(chunk);
  });
  try {
    for (let offset = 0; offset < compressed.length; offset += CHUNK_BYTES) {
      const end = Math.min(offset + CHUNK_BYTES, compressed.length);
      inflate.push(compressed.subarray(offset, end), end === compressed.length);
    }
  } catch (error) {
    if (!(error instanceof LimitExceeded))
      return { ok: false, name, reason: `it could not be inflated (${(error as Error).message})` };
    if (archiveRefusal !== undefined) throw new ZipRefused(archiveRefusal, true);
    return { ok: false, name, reason: refusal ?? entryLimitReason(limits) };
  }
  return { ok: true, name, data: concat(chunks, size) };
}

/** Every member's name, from the central directory alone (nothing is inflated). */
export function zipEntryNames(data: Uint8Array): string[] {
  return centralDirectory(data).map((e) => e.name);
}

function centralDirectory(data: Uint8Array): CentralEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipRefused('it is not a readable ZIP (no end of central directory)', false);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (at === 0xffffffff || count === 0xffff)
    throw new ZipRefused(
      'it is a ZIP64 archive, which is not read; repack it as a plain ZIP or a .tar.gz',
      false,
    );
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== CENTRAL)
      throw new ZipRefused(`it is not a readable ZIP (central directory entry ${i + 1} is damaged)`, false);
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      name: names.decode(data.subarray(at + 46, at + 46 + nameLength)),
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      method: view.getUint16(at + 10, true),
      compressedBytes: view.getUint32(at + 20, true),
      declaredBytes: view.getUint32(at + 24, true),
      localHeaderAt: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

function dataStart(data: Uint8Array, entry: CentralEntry): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at = entry.localHeaderAt;
  if (at + 30 > data.length || view.getUint32(at, true) !== LOCAL)
    throw new ZipRefused(`it is not a readable ZIP (the local header of ${entry.name} is damaged)`, false);
  return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
}
