/**
 * Tolerant readers for untrusted profile JSON: each returns a typed value or a neutral default
 * (`{}`, `[]`, 0, ''), because protobuf-JSON omits default-valued fields and bad input must not crash.
 */
export type RawObject = Readonly<Record<string, unknown>>;

const EMPTY: RawObject = Object.freeze({});

export function asObject(value: unknown): RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawObject) : EMPTY;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A finite number from a number, bigint or numeric string; anything else (1e400, 10n ** 400n) is 0. */
export function asNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'bigint') return Number.isFinite(Number(value)) ? Number(value) : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : 0;
  }
  return 0;
}

export function asOptionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : asNumber(value);
}

/** Text as given; a number or boolean in its place as written, except 1e400, which is no text to show. */
export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

export function asBoolean(value: unknown): boolean {
  return value === true;
}
