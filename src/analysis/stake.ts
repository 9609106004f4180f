import { z } from 'zod';
import type { ThresholdCrossed } from '../domain/finding.js';
import { minSeverity, type Severity } from '../domain/severity.js';
import { ascending, type Ladder, ladderSchema, rate } from './ladder.js';

/**
 * What a problem puts at stake, which damps every detector's severity: the share of the job's time it
 * accounts for, and the time it costs per day across the fingerprint's runs (a rare 2 s query is never
 * critical). Below `minImpactMsPerDay` nothing is reported at all.
 */
export interface StakeThresholds {
  readonly timeShare: Ladder;
  readonly impactMsPerDay: Ladder;
  readonly minImpactMsPerDay: number;
}

export const stakeThresholdsSchema = z.object({
  timeShare: ladderSchema,
  impactMsPerDay: ladderSchema,
  minImpactMsPerDay: z.number().nonnegative(),
});

export const DEFAULT_STAKE: StakeThresholds = {
  timeShare: ascending(0.05, 0.15, 0.3, 0.5),
  // 10 s, 1 min, 10 min and 1 h a day.
  impactMsPerDay: ascending(10_000, 60_000, 600_000, 3_600_000),
  minImpactMsPerDay: 5_000,
};

export interface Assessment {
  readonly severity: Severity;
  readonly thresholds: readonly ThresholdCrossed[];
}

export interface SymptomReading {
  readonly quantity: string;
  readonly value: number;
  readonly unit: string;
  readonly ladder: Ladder;
}

/**
 * Severity = min(symptom, time share, impact per day). Returns undefined when the symptom is below its
 * lowest rung or the impact is below the floor: then there is nothing worth reporting.
 */
export function assess(input: {
  readonly symptoms: readonly SymptomReading[];
  readonly timeShare?: number;
  readonly impactMsPerDay: number;
  readonly stake: StakeThresholds;
}): Assessment | undefined {
  if (input.impactMsPerDay < input.stake.minImpactMsPerDay) return undefined;
  const thresholds: ThresholdCrossed[] = [];
  let severity: Severity | undefined;
  for (const s of input.symptoms) {
    const rating = rate(s.value, s.ladder);
    if (rating.severity === null) return undefined;
    thresholds.push({
      quantity: s.quantity,
      value: s.value,
      unit: s.unit,
      threshold: rating.threshold,
      severity: rating.severity,
    });
    severity = severity === undefined ? rating.severity : minSeverity(severity, rating.severity);
  }
  if (severity === undefined) return undefined;
  const damping: [string, number | undefined, Ladder, string][] = [
    ['timeShare', input.timeShare, input.stake.timeShare, 'ratio'],
    ['impactMsPerDay', input.impactMsPerDay, input.stake.impactMsPerDay, 'ms/day'],
  ];
  for (const [quantity, value, ladder, unit] of damping) {
    if (value === undefined) continue;
    const rating = rate(value, ladder);
    const damped = rating.severity ?? 'low';
    thresholds.push({ quantity, value, unit, threshold: rating.threshold, severity: damped });
    severity = minSeverity(severity, damped);
  }
  return { severity, thresholds };
}
