import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './parse-timestamptz.js';

const driver = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

function same(text: string): void {
  const ours = parseTimestamptz(text);
  const theirs = driver(text);
  expect(ours instanceof Date ? ours.getTime() : ours, text).toEqual(
    theirs instanceof Date ? theirs.getTime() : theirs,
  );
}

describe('parseTimestamptz', () => {
  it('agrees with the driver on the forms PostgreSQL prints', () => {
    for (const text of [
      '2026-11-24 08:00:00+00',
      '2026-11-24 08:00:00.1+00',
      '2026-11-24 08:00:00.12+00',
      '2026-11-24 08:00:00.123+00',
      '2026-11-24 08:00:00.123456+00',
      '2026-11-24 08:00:00.999999-07',
      '2026-02-28 23:59:59.5+05:30',
      '2024-02-29 00:00:00+13',
      '1999-12-31 23:59:59.001-03:30',
      '2026-11-24 08:00:00+05:53:28',
    ]) {
      same(text);
    }
  });

  it('agrees with the driver on random instants and offsets', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const d = new Date(Date.UTC(2000, 0, 1) + Math.floor(next() * 30 * 365 * 86_400_000));
      const offset = Math.floor(next() * 27) - 12;
      const local = new Date(d.getTime() + offset * 3_600_000);
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      const fraction = ['', `.${pad(local.getUTCMilliseconds(), 3)}`, `.${pad(Math.floor(next() * 1e6), 6)}`][
        i % 3
      ];
      const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${offset < 0 ? '-' : '+'}${pad(Math.abs(offset))}`;
      same(text);
    }
  });

  it('leaves what it does not know to the driver', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0044-03-15 12:00:00+00 BC',
      '0099-01-01 00:00:00+00',
      '12026-01-01 00:00:00+00',
    ]) {
      same(text);
    }
  });
});
