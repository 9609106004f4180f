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

/** A finite number from a number, bigint or numeric string; anything else is 0. */
export function asNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : 0;
  }
  return 0;
}

export function asOptionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : asNumber(value);
}

export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return '';
}

export function asBoolean(value: unknown): boolean {
  return value === true;
}
