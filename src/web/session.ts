/**
 * The API key, kept for this browser tab only (sessionStorage): closing the tab signs out, and the key
 * never appears in a URL or in storage shared with other sites' scripts.
 */
const KEY = 'dremio-optimizer.api-key';

export function readKey(): string | undefined {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function clearKey(): void {
  sessionStorage.removeItem(KEY);
}
