import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCompactCount,
  formatCount,
  formatDecimalBytes,
  formatDuration,
  formatPercent,
} from './units.js';

describe('formatDuration', () => {
  it.each([
    { name: 'zero', ms: 0, text: '0 ms' },
    { name: 'below a second', ms: 850, text: '850 ms' },
    { name: 'rounds up into seconds', ms: 999.6, text: '1.0 s' },
    { name: 'one second', ms: 1000, text: '1.0 s' },
    { name: 'seconds', ms: 2_400, text: '2.4 s' },
    { name: 'rounds up into minutes, never 60.0 s', ms: 59_960, text: '1.0 min' },
    { name: 'just under a minute', ms: 59_940, text: '59.9 s' },
    { name: 'minutes', ms: 192_000, text: '3.2 min' },
    { name: 'rounds up into hours', ms: 3_599_000, text: '1.0 h' },
    { name: 'hours', ms: 21_960_000, text: '6.1 h' },
    { name: 'the raw value a user saw', ms: 22_135_986, text: '6.1 h' },
    { name: 'rounds up into days', ms: 86_399_000, text: '1.0 d' },
    { name: 'days', ms: 362_880_000, text: '4.2 d' },
    { name: 'thousands of days get separators', ms: 86_400_000 * 1234.5, text: '1,234.5 d' },
    { name: 'negative keeps its sign', ms: -2_400, text: '-2.4 s' },
    { name: 'not a number', ms: Number.NaN, text: '?' },
    { name: 'infinite', ms: Number.POSITIVE_INFINITY, text: '?' },
  ])('$name: $ms → $text', ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    { name: 'zero', bytes: 0, text: '0 B' },
    { name: 'bytes', bytes: 1023, text: '1023 B' },
    { name: 'one KiB', bytes: 1024, text: '1.0 KiB' },
    { name: 'rounds up into MiB, never 1024.0 KiB', bytes: 1024 * 1024 - 10, text: '1.0 MiB' },
    { name: 'MiB', bytes: 2_143_231, text: '2.0 MiB' },
    { name: 'GiB', bytes: 61_000_000_000, text: '56.8 GiB' },
    { name: 'TiB', bytes: 5 * 1024 ** 4, text: '5.0 TiB' },
    { name: 'bigint', bytes: 9_007_199_254_740_993n, text: '8.0 PiB' },
    { name: 'negative keeps its sign', bytes: -61_000_000_000, text: '-56.8 GiB' },
    { name: 'not a number', bytes: Number.NaN, text: '?' },
  ])('$name: $bytes → $text', ({ bytes, text }) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('says decimal sizes where decimal units are the convention', () => {
    expect(formatDecimalBytes(999)).toBe('999 B');
    expect(formatDecimalBytes(61_000_000_000)).toBe('61.0 GB');
    expect(formatDecimalBytes(999_960)).toBe('1.0 MB');
  });
});

describe('formatCount', () => {
  it.each([
    { name: 'small', n: 999, text: '999' },
    { name: 'thousands', n: 24_000, text: '24,000' },
    { name: 'millions', n: 1_234_567, text: '1,234,567' },
    { name: 'rounds fractions', n: 1_234.6, text: '1,235' },
    { name: 'negative', n: -1_234, text: '-1,234' },
    { name: 'beyond 1e21, no exponent', n: 1e21, text: '1,000,000,000,000,000,000,000' },
    { name: 'bigint stays exact', n: 9_007_199_254_740_993n, text: '9,007,199,254,740,993' },
    { name: 'not a number', n: Number.NaN, text: '?' },
  ])('$name: $n → $text', ({ n, text }) => {
    expect(formatCount(n)).toBe(text);
  });

  it('does not follow the machine locale', () => {
    const original = Number.prototype.toLocaleString;
    Number.prototype.toLocaleString = () => 'locale-dependent';
    try {
      expect(formatCount(1_234_567)).toBe('1,234,567');
      expect(formatDuration(86_400_000 * 1234.5)).toBe('1,234.5 d');
    } finally {
      Number.prototype.toLocaleString = original;
    }
  });
});

describe('formatCompactCount', () => {
  it.each([
    { name: 'exact below ten thousand', n: 9_999, text: '9,999' },
    { name: 'thousands', n: 10_000, text: '10.0 k' },
    { name: 'rounds up into millions', n: 999_960, text: '1.0 M' },
    { name: 'millions', n: 11_600_000, text: '11.6 M' },
    { name: 'billions', n: 6.6e9, text: '6.6 bn' },
    { name: 'trillions and beyond', n: 2.5e15, text: '2,500.0 tn' },
  ])('$name: $n → $text', ({ n, text }) => {
    expect(formatCompactCount(n)).toBe(text);
  });
});

describe('formatPercent', () => {
  it.each([
    { name: 'whole', fraction: 0.423, digits: 0, text: '42%' },
    { name: 'rounds', fraction: 0.9976, digits: 0, text: '100%' },
    { name: 'with decimals', fraction: 0.9976, digits: 1, text: '99.8%' },
    { name: 'above one', fraction: 12.5, digits: 0, text: '1,250%' },
    { name: 'not a number', fraction: Number.NaN, digits: 0, text: '?' },
  ])('$name: $fraction → $text', ({ fraction, digits, text }) => {
    expect(formatPercent(fraction, digits)).toBe(text);
  });
});
