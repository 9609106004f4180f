/** Timestamp renderings Dremio uses in results pages and REST bodies. */

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** `2024-04-24 14:26:23.248`; epoch 0 renders as `1970-01-01 00:00:00.000` (Dremio's "unset"). */
export function sqlTimestamp(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  }
  const inDay = epochMs - day * MS_PER_DAY;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const sec = Math.floor(inDay / 1000) % 60;
  const ms = inDay % 1000;
  return `${cachedDate} ${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

// Rows come in time order, so consecutive timestamps usually share their date.
let cachedDay = Number.NaN;
let cachedDate = '';

/** ISO-8601 UTC, e.g. `2022-12-13T18:34:14.069Z`. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
