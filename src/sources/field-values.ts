/**
 * Tolerant readers for one field of an untrusted record (a results row, a queries.json line). Each
 * returns null for absent, empty or unset values instead of throwing, because every Dremio version
 * omits or zeroes different fields.
 */
export type Fields = Readonly<Record<string, unknown>>;

export function text(fields: Fields, key: string): string | null {
  const v = fields[key];
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

export function integer(fields: Fields, key: string): bigint | null {
  const v = fields[key];
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  return null;
}

export function decimal(fields: Fields, key: string): number | null {
  const v = fields[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function flag(fields: Fields, key: string): boolean | null {
  const v = fields[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** Epoch milliseconds (or nanoseconds when `unit` says so) → Date; 0 means "did not happen". */
export function epoch(fields: Fields, key: string, unit: 'ms' | 'ns' = 'ms'): Date | null {
  const n = integer(fields, key);
  if (n === null || n <= 0n) return null;
  const ms = unit === 'ns' ? Number(n / 1_000_000n) : Number(n);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

const DREMIO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)Z?$/;

/** A TIMESTAMP as Dremio's results carry it (`2024-04-24 14:26:23.248`, UTC); the 1970 epoch means unset. */
export function timestamp(fields: Fields, key: string): Date | null {
  const v = fields[key];
  if (typeof v !== 'string') return null;
  const m = DREMIO_TIMESTAMP.exec(v.trim());
  if (m === null) return null;
  const date = new Date(`${m[1]}T${m[2]!.slice(0, 12)}Z`);
  return Number.isNaN(date.getTime()) || date.getTime() <= 0 ? null : date;
}

/** Dataset lists arrive as `[a.b.c, d.e]` text (before 26.1) or as arrays (26.1+, Cloud). */
export function stringList(fields: Fields, key: string): readonly string[] {
  const v = fields[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  if (typeof v !== 'string') return [];
  const inner = v.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : inner.split(/,\s*/).filter((s) => s !== '');
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
