/** Opaque page tokens as Dremio hands them out: clients pass them back and never read them. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

/** The offset a token stands for: 0 for none, undefined for a token this server did not issue. */
export function decodePageToken(token: string | null): number | undefined {
  if (token === null || token === '') return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return /^offset:\d+$/.test(text) ? Number(text.slice('offset:'.length)) : undefined;
}
