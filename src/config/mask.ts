/** Masks a secret for display: enough to tell two values apart is still too much, so nothing is kept. */
export function maskSecret(value: string): string {
  if (value === '') return '';
  const url = tryUrl(value);
  if (url !== undefined && url.password !== '') {
    url.password = '****';
    return url.toString();
  }
  if (url?.protocol.startsWith('postgres')) return value;
  return '****';
}

function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
