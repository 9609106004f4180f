import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from text, so ids the server invents are the same on every run. */
export function stableUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Epoch ms as Dremio's `@JsonISODateTime` writes it: `2022-12-13T18:34:14.069Z`. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
