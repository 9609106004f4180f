import { InvalidArgumentError } from 'commander';

/** `--since`: an ISO date or time, or a span back from the newest job (`7d`, `12h`). */
export type SinceArgument =
  | { readonly kind: 'at'; readonly at: Date }
  | { readonly kind: 'span'; readonly days: number };

const SPAN = /^(\d+(?:\.\d+)?)(d|h)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseSince(text: string): SinceArgument {
  const span = SPAN.exec(text.trim());
  if (span !== null) {
    const value = Number(span[1]);
    const days = span[2] === 'd' ? value : value / 24;
    if (days > 0) return { kind: 'span', days };
  }
  const at = parseInstant(text);
  if (at !== undefined) return { kind: 'at', at };
  throw new InvalidArgumentError(
    'expected a date (2026-10-01), a time (2026-10-01T08:00:00Z) or a span back from the newest job (7d, 12h)',
  );
}

/**
 * `--until`: an ISO date or time. A bare date means the end of that day (UTC), so
 * `--until 2026-12-31` still covers the 31st.
 */
export function parseUntil(text: string): Date {
  const at = parseInstant(text);
  if (at === undefined) {
    throw new InvalidArgumentError('expected a date (2026-12-31) or a time (2026-12-31T18:00:00Z)');
  }
  return DATE_ONLY.test(text.trim()) ? new Date(at.getTime() + 86_400_000) : at;
}

function parseInstant(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return undefined;
  // A time without a zone is read as UTC, like every time the product prints.
  const zoned = DATE_ONLY.test(trimmed) || /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const at = new Date(DATE_ONLY.test(trimmed) ? `${trimmed}T00:00:00Z` : zoned.replace(' ', 'T'));
  return Number.isNaN(at.getTime()) ? undefined : at;
}
