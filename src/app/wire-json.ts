import { stringifyLosslessJson } from '../json/lossless-json.js';

/**
 * The one JSON form of domain objects, shared by every caller (`--format json`, the API, MCP):
 * dates as ISO 8601 strings in UTC; bigints as exact JSON numbers (a 64-bit Dremio counter keeps every
 * digit in the text; JavaScript readers of values above 2^53 see the nearest double, as with any JSON);
 * `undefined` members dropped. Services return values already in this form; `toWire` converts domain
 * objects on the way out, `stringifyWire` writes them.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toWire(member);
    }
    return out;
  }
  return value;
}

/** JSON text of a wire value (or a domain value: it is converted first), indented for people when asked. */
export function stringifyWire(value: unknown, indent?: number): string {
  return stringifyLosslessJson(toWire(value), indent);
}
