import { z } from 'zod';
import { SEVERITIES, type Severity } from '../domain/severity.js';

/**
 * A four-rung severity ladder for one measured quantity. Ascending: bigger is worse (spilled bytes);
 * descending: smaller is worse (average file size).
 */
export interface Ladder {
  readonly direction: 'ascending' | 'descending';
  readonly low: number;
  readonly medium: number;
  readonly high: number;
  readonly critical: number;
}

export const ladderSchema = z
  .object({
    direction: z.enum(['ascending', 'descending']),
    low: z.number().finite(),
    medium: z.number().finite(),
    high: z.number().finite(),
    critical: z.number().finite(),
  })
  .refine(
    (l) => {
      const rungs = [l.low, l.medium, l.high, l.critical];
      return rungs.every(
        (v, i) => i === 0 || (l.direction === 'ascending' ? v >= rungs[i - 1]! : v <= rungs[i - 1]!),
      );
    },
    { message: 'rungs must be monotonic: low ≤ medium ≤ high ≤ critical (≥ for a descending ladder)' },
  );

export interface Rating {
  /** The highest rung the value reached, or null when it is below the lowest rung. */
  readonly severity: Severity | null;
  /** The threshold of that rung (of the lowest rung when none was reached). */
  readonly threshold: number;
}

/** Which rung `value` reaches: Dr. Elephant's getSeverityAscending/Descending. */
export function rate(value: number, ladder: Ladder): Rating {
  let reached: Severity | null = null;
  let threshold = ladder.low;
  for (const severity of SEVERITIES) {
    const rung = ladder[severity];
    const crossed = ladder.direction === 'ascending' ? value >= rung : value <= rung;
    if (!crossed) break;
    reached = severity;
    threshold = rung;
  }
  return { severity: reached, threshold };
}

export function ascending(low: number, medium: number, high: number, critical: number): Ladder {
  return { direction: 'ascending', low, medium, high, critical };
}

export function descending(low: number, medium: number, high: number, critical: number): Ladder {
  return { direction: 'descending', low, medium, high, critical };
}
