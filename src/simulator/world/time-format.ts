/** Timestamp renderings Dremio uses in results pages and REST bodies. */

/** `2024-04-24 14:26:23.248`; epoch 0 renders as `1970-01-01 00:00:00.000` (Dremio's "unset"). */
export function sqlTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 23);
}

/** ISO-8601 UTC, e.g. `2022-12-13T18:34:14.069Z`. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
