import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;
const fallback = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;

const ZERO = 48;
/** Two or four ASCII digits at `at`, or NaN. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Parses PostgreSQL's text form of `timestamptz` (`2026-11-24 08:00:00.123+00`, offsets `+05:30` or
 * `-07`, up to six fraction digits, truncated to ms as Date holds) without regular expressions: the
 * analysis reads ten of them per job, a million jobs at a time, and the generic parser was a tenth of
 * its CPU time. Anything else (BC, infinity, years outside 1000–9999) goes to the driver's parser.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46 /* . */) {
    let scale = 100;
    at += 1;
    for (;;) {
      const d = text.charCodeAt(at) - ZERO;
      if (!(d >= 0 && d <= 9)) break;
      ms += d * scale;
      scale /= 10;
      at += 1;
    }
    ms = Math.trunc(ms);
  }
  const sign = text.charCodeAt(at);
  const offsetHours = digits(text, at + 1, 2);
  let offsetMinutes = 0;
  let offsetSeconds = 0;
  let end = at + 3;
  if (text.charCodeAt(end) === 58 /* : */) {
    offsetMinutes = digits(text, end + 1, 2);
    end += 3;
    if (text.charCodeAt(end) === 58) {
      offsetSeconds = digits(text, end + 1, 2);
      end += 3;
    }
  }
  const wellFormed =
    year >= 1000 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    (sign === 43 || sign === 45) &&
    end === text.length &&
    !Number.isNaN(month + day + hour + minute + second + offsetHours + offsetMinutes + offsetSeconds);
  if (!wellFormed) return fallback(text);
  const offsetMs = (sign === 45 ? -1 : 1) * ((offsetHours * 60 + offsetMinutes) * 60 + offsetSeconds) * 1000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
}
