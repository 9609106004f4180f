import type { ArchiveMember } from './zip-entries.js';

const BLOCK = 512;
const decoder = new TextDecoder();

export type TarResult =
  | { readonly ok: true; readonly members: readonly ArchiveMember[] }
  | { readonly ok: false; readonly reason: string };

/** True when the block at offset 0 carries the POSIX `ustar` magic. */
export function isTar(data: Uint8Array): boolean {
  return data.length >= BLOCK && decoder.decode(data.subarray(257, 262)) === 'ustar';
}

/**
 * A minimal ustar reader for `.tar` content (after gunzip): regular files only, with GNU long names
 * (`L`) and PAX `path=` records. Members are views into `data`, not copies.
 */
export function readTarMembers(data: Uint8Array): TarResult {
  const members: ArchiveMember[] = [];
  let pendingName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= data.length) {
    const header = data.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return { ok: true, members };
    const size = parseOctal(header.subarray(124, 136));
    if (size === undefined)
      return { ok: false, reason: `the tar header at byte ${offset} has an unreadable size` };
    const bodyStart = offset + BLOCK;
    if (bodyStart + size > data.length) {
      return { ok: false, reason: `the tar member at byte ${offset} is truncated (needs ${size} bytes)` };
    }
    const body = data.subarray(bodyStart, bodyStart + size);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'L') pendingName = cString(body);
    else if (type === 'x') pendingName = paxPath(body) ?? pendingName;
    else {
      if (type === '0' || type === '\0')
        members.push({ name: pendingName ?? headerName(header), data: body });
      pendingName = undefined;
    }
    offset = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return { ok: true, members };
}

function headerName(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const prefix = cString(header.subarray(345, 500));
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function parseOctal(field: Uint8Array): number | undefined {
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  return Number.parseInt(text, 8);
}

function paxPath(body: Uint8Array): string | undefined {
  for (const record of decoder.decode(body).split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match !== null) return match[1];
  }
  return undefined;
}
