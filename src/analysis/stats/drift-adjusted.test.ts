import { describe, expect, it } from 'vitest';
import { driftAdjusted } from './drift-adjusted.js';

describe('driftAdjusted', () => {
  it('subtracts the control shift and adds the half-widths in quadrature (0.2 and 0.15 → 0.25)', () => {
    const r = driftAdjusted({
      treated: { estimate: -0.5, lower: -0.7, upper: -0.3, confidence: 0.95 },
      control: { estimate: -0.1, lower: -0.25, upper: 0.05, confidence: 0.95 },
    });
    expect(r.estimate).toBeCloseTo(-0.4, 12);
    expect(r.lower).toBeCloseTo(-0.65, 12);
    expect(r.upper).toBeCloseTo(-0.15, 12);
    expect(r.confidence).toBe(0.95);
    expect(r.controlSignificant).toBe(false);
  });

  it("keeps skew: the lower end uses the treated's lower and the control's upper half-width (MOVER)", () => {
    const r = driftAdjusted({
      treated: { estimate: 0, lower: -0.3, upper: 0.5, confidence: 0.95 },
      control: { estimate: 0, lower: -1.2, upper: 0.4, confidence: 0.95 },
    });
    expect(r.lower).toBeCloseTo(-0.5, 12); // √(0.3² + 0.4²)
    expect(r.upper).toBeCloseTo(1.3, 12); // √(0.5² + 1.2²)
  });

  it('flags a control whose interval excludes 0 on either side', () => {
    const treated = { estimate: -0.5, lower: -0.7, upper: -0.3, confidence: 0.95 };
    const up = driftAdjusted({
      treated,
      control: { estimate: 0.2, lower: 0.1, upper: 0.3, confidence: 0.95 },
    });
    const down = driftAdjusted({
      treated,
      control: { estimate: -0.2, lower: -0.3, upper: -0.1, confidence: 0.95 },
    });
    expect(up.controlSignificant).toBe(true);
    expect(up.estimate).toBeCloseTo(-0.7, 12);
    expect(down.controlSignificant).toBe(true);
  });

  it('rescales intervals of other levels, preferring the achieved level of exact intervals', () => {
    const z90 = 1.6448536269514722; // scipy.stats.norm.ppf(0.95)
    const z95 = 1.959963984540054; // scipy.stats.norm.ppf(0.975)
    const treated = { estimate: 0, lower: -z95, upper: z95, confidence: 0.95 };
    const control = { estimate: 0, lower: -z90, upper: z90, confidence: 0.8, achievedConfidence: 0.9 };
    const r = driftAdjusted({ treated, control, confidence: 0.9 });
    // Both standard errors are 1, so the 90% half-width is z90·√2.
    expect(r.upper).toBeCloseTo(z90 * Math.SQRT2, 9);
    expect(r.lower).toBeCloseTo(-z90 * Math.SQRT2, 9);
  });

  it('keeps an infinite end of a one-sided interval infinite', () => {
    const r = driftAdjusted({
      treated: { estimate: -0.5, lower: Number.NEGATIVE_INFINITY, upper: -0.3, confidence: 0.95 },
      control: { estimate: 0, lower: -0.1, upper: 0.1, confidence: 0.95 },
    });
    expect(r.lower).toBe(Number.NEGATIVE_INFINITY);
    expect(r.upper).toBeCloseTo(-0.5 + Math.hypot(0.2, 0.1), 12);
  });
});
