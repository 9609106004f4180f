/**
 * Numbers the way a Dremio administrator reads them: `2.4 s`, `56.8 GiB`, `24,000`. The one home of
 * these words for every stage that writes text (detector titles, recommendation text, the CLI's
 * tables); it lives in `domain/` because detectors and `recommend/` may not import `format/`. Stored
 * values and `--format json` keep the exact numbers; only text is humanised.
 *
 * Separators are always en-US (`1,234.5`), whatever the machine's locale: a report reads the same on
 * every host and in every test.
 */

const DURATION_UNITS: readonly { readonly unit: string; readonly ms: number; readonly below: number }[] = [
  { unit: 's', ms: 1000, below: 60 },
  { unit: 'min', ms: 60_000, below: 60 },
  { unit: 'h', ms: 3_600_000, below: 24 },
  { unit: 'd', ms: 86_400_000, below: Number.POSITIVE_INFINITY },
];

/**
 * A duration: `850 ms`, `2.4 s`, `3.2 min`, `6.1 h`, `4.2 d`. Whole milliseconds below a second, one
 * decimal above; a value that rounds up to the next unit's start is said in that unit (`59.96 s` is
 * `1.0 min`, never `60.0 s`). Not a number: `?`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  for (const u of DURATION_UNITS) {
    const value = Math.round((ms / u.ms) * 10) / 10;
    if (value < u.below) return `${groupDigits(value.toFixed(1))} ${u.unit}`;
  }
  return '?';
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** A size in powers of 1024: `512 B`, `2.0 MiB`, `56.8 GiB`. Negative sizes keep their sign. */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return '?';
  if (n < 0) return `-${formatBytes(-n)}`;
  if (Math.round(n) < 1024) return `${Math.round(n)} B`;
  let value = n;
  for (const [i, unit] of BYTE_UNITS.entries()) {
    value /= 1024;
    const shown = Math.round(value * 10) / 10;
    if (shown < 1024 || i === BYTE_UNITS.length - 1) return `${groupDigits(shown.toFixed(1))} ${unit}`;
  }
  return '?';
}

const DECIMAL_BYTE_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/**
 * A size in powers of 1000 (`850.0 MB`, `61.0 GB`), for the places that talk Dremio's and
 * `--budget-gb`'s decimal units; everywhere else sizes are {@link formatBytes}.
 */
export function formatDecimalBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return '?';
  if (n < 0) return `-${formatDecimalBytes(-n)}`;
  if (Math.round(n) < 1000) return `${Math.round(n)} B`;
  let value = n;
  for (const [i, unit] of DECIMAL_BYTE_UNITS.entries()) {
    value /= 1000;
    const shown = Math.round(value * 10) / 10;
    if (shown < 1000 || i === DECIMAL_BYTE_UNITS.length - 1)
      return `${groupDigits(shown.toFixed(1))} ${unit}`;
  }
  return '?';
}

/** A whole count with thousands separators: `24,000`, `-1,234`, exact for bigints. */
export function formatCount(n: number | bigint): string {
  if (typeof n === 'bigint') return n < 0n ? `-${groupDigits((-n).toString())}` : groupDigits(n.toString());
  if (!Number.isFinite(n)) return '?';
  const whole = Math.round(n);
  // BigInt keeps the digits of counts beyond 1e21, where String() switches to exponent notation.
  const digits = BigInt(Math.abs(whole)).toString();
  return `${whole < 0 ? '-' : ''}${groupDigits(digits)}`;
}

const COMPACT_UNITS: readonly { readonly unit: string; readonly size: number }[] = [
  { unit: 'k', size: 1e3 },
  { unit: 'M', size: 1e6 },
  { unit: 'bn', size: 1e9 },
  { unit: 'tn', size: 1e12 },
];

/** A large count said short, for rows and row pairs: `9,999`, `11.6 M`, `6.6 bn`; exact below 10,000. */
export function formatCompactCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n < 0) return `-${formatCompactCount(-n)}`;
  if (Math.round(n) < 10_000) return formatCount(n);
  for (const [i, u] of COMPACT_UNITS.entries()) {
    const shown = Math.round((n / u.size) * 10) / 10;
    if (shown < 1000 || i === COMPACT_UNITS.length - 1) return `${groupDigits(shown.toFixed(1))} ${u.unit}`;
  }
  return '?';
}

/** A fraction as a percentage: `0.9976` → `100%`, `0.423` → `42%`, or with `digits` decimals. */
export function formatPercent(fraction: number, digits = 0): string {
  if (!Number.isFinite(fraction)) return '?';
  return `${groupDigits((fraction * 100).toFixed(digits))}%`;
}

/** `1234567.5` → `1,234,567.5`: commas between groups of three in the whole part. */
function groupDigits(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign === '' ? whole : whole.slice(1);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
