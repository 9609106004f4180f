// Numbers in a profile summary the way the Dremio UI and an engineer say them. Summaries are
// sanitised (withPlausibleDurations), but a report never prints NaN whatever it is given.

/** `1,005`. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return '?';
  return Math.round(n).toLocaleString('en-US');
}

/** `902 ms`, `2.42 s`, `3.5 min`, `2.1 h`. */
export function ms(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '?';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(2)} s`;
  if (value < 3_600_000) return `${(value / 60_000).toFixed(1)} min`;
  return `${(value / 3_600_000).toFixed(1)} h`;
}

/** Operator times: `0`, `583 µs`, `3.2 ms`, `877 ms`, `1.15 s`. */
export function nanos(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '?';
  if (value === 0) return '0';
  if (value < 1_000_000) return `${(value / 1000).toFixed(0)} µs`;
  if (value < 10_000_000) return `${(value / 1_000_000).toFixed(1)} ms`;
  return ms(value / 1_000_000);
}

/** `512 B`, `9.6 MiB`, `977 KiB`. */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  // Three digits are enough to compare operators and keep the column narrow: `977 KiB`, not `976.6 KiB`.
  return `${v.toFixed(unit === 0 || v >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** `8.82`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '?';
}

/** `60%`; a share that rounds to 0 but is not 0 is `<1%`, so it does not read as nothing. */
export function percent(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const rounded = Math.round(value);
  return rounded === 0 && value > 0 ? '<1%' : `${rounded}%`;
}
