import { normalQuantile } from './normal-quantile.js';

/** A two-sided interval around a shift (e.g. a Hodges–Lehmann log ratio). */
export interface ShiftInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Nominal level in (0, 1). */
  readonly confidence: number;
  /** The level the interval really has, when it differs (exact small-sample intervals); preferred. */
  readonly achievedConfidence?: number;
}

export interface DriftAdjusted {
  /** treated − control. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** The control's own interval excludes 0: the windows drifted, and subtracting is warranted. */
  readonly controlSignificant: boolean;
}

/**
 * Difference in differences on log shifts: the treated fingerprint's shift minus that of control
 * fingerprints the change cannot affect, measured over the same windows.
 *
 * The interval combines the two by MOVER (Zou & Donner 2008): each side's half-widths are read as
 * z·se, and the lower end of the difference takes the treated's lower and the control's upper
 * half-width in quadrature (the upper end the other two), so skewed intervals stay skewed. Treating
 * the two as independent is conservative here: drift shared by both windows correlates them
 * positively, which would only narrow the true interval of the difference.
 *
 * The adjusted shift is always returned; the caller should use it only when `controlSignificant`,
 * otherwise subtracting noise just widens the interval.
 */
export function driftAdjusted(input: {
  readonly treated: ShiftInterval;
  readonly control: ShiftInterval;
  /** Level of the combined interval; default the treated interval's nominal level. */
  readonly confidence?: number;
}): DriftAdjusted {
  const { treated, control } = input;
  const confidence = input.confidence ?? treated.confidence;
  const z = twoSidedZ(confidence);
  const t = standardErrors(treated);
  const c = standardErrors(control);
  const estimate = treated.estimate - control.estimate;
  return {
    estimate,
    lower: estimate - z * Math.hypot(t.below, c.above),
    upper: estimate + z * Math.hypot(t.above, c.below),
    confidence,
    controlSignificant: control.lower > 0 || control.upper < 0,
  };
}

function standardErrors(interval: ShiftInterval): { readonly below: number; readonly above: number } {
  const z = twoSidedZ(interval.achievedConfidence ?? interval.confidence);
  return { below: (interval.estimate - interval.lower) / z, above: (interval.upper - interval.estimate) / z };
}

function twoSidedZ(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is not in (0, 1)`);
  return normalQuantile(1 - (1 - confidence) / 2);
}
