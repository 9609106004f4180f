import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildFragment,
  buildOperator,
  buildProfileSummary,
  NO_STAKE,
  REAL_PROFILES,
  realProfileContext,
  spread,
} from '../../../test/support/profile-builder.js';
import { type SkewEvidence, skewDetector } from './skew.js';

const MS = 1_000_000;
const { defaults } = skewDetector;

/** Major fragment 01 with 16 minors: the slowest worked `ratio` × the median's `medianMs`. */
function skewedProfile(ratio: number, medianMs = 2000, durationMs = ratio * medianMs + 100) {
  const maxNanos = ratio * medianMs * MS;
  return buildProfileSummary({
    durationMs,
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: 1 }),
      buildOperator({
        key: '01-02',
        typeName: 'HASH_JOIN',
        minorFragmentCount: 16,
        processNanos: spread(16 * medianMs * MS, maxNanos * 0.9, medianMs * MS * 0.9),
      }),
      buildOperator({
        key: '01-03',
        typeName: 'PROJECT',
        minorFragmentCount: 16,
        processNanos: spread(16 * MS, 2 * MS, MS),
      }),
    ],
    fragments: [
      buildFragment({ majorFragmentId: 0 }),
      buildFragment({
        majorFragmentId: 1,
        minorFragmentCount: 16,
        processNanos: spread(16 * medianMs * MS, maxNanos, medianMs * MS),
        skew: {
          processMaxOverMedian: ratio,
          processMaxOverMean: ratio * 0.9,
          recordsMaxOverMedian: ratio,
          recordsMaxOverMean: ratio * 0.9,
        },
      }),
    ],
  });
}

function detect(profile: ReturnType<typeof skewedProfile> | undefined, runsPerDay = 1000) {
  return skewDetector.detect(buildContext({ ...(profile ? { profile } : {}), runsPerDay }), defaults);
}

describe('skew detector', () => {
  const rungs = [
    { name: 'low: just over 2×', ratio: 2.01, severity: 'low' },
    { name: 'medium: just over 4×', ratio: 4.01, severity: 'medium' },
    { name: 'high: just over 8×', ratio: 8.01, severity: 'high' },
    { name: 'critical: just over 16×', ratio: 16.01, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(skewedProfile(rung.ratio));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as SkewEvidence;
      expect(evidence.majorFragmentId).toBe(1);
      expect(evidence.operatorKey).toBe('01-02');
      expect(evidence.processMaxOverMedian).toBe(rung.ratio);
      expect(evidence.excessMs).toBeCloseTo((rung.ratio - 1) * 2000);
      expect(hit?.timeAtStakeMs).toBeCloseTo((rung.ratio - 1) * 2000);
    });
  }

  it('stays silent just below the lowest rung (mild skew)', () => {
    expect(detect(skewedProfile(1.99))).toBeUndefined();
  });

  it('stays silent when the slowest minor worked under 2 s, however uneven', () => {
    // The near miss: 9× skew in a phase whose slowest minor took a few hundred ms.
    expect(detect(skewedProfile(9, 25))).toBeUndefined();
  });

  it('stays silent when the straggler is a negligible share of a long job', () => {
    expect(detect(skewedProfile(3, 2000, 400_000))).toBeUndefined();
  });

  it('damps strong skew on a rare query', () => {
    const profile = skewedProfile(20, 150);
    // 2.85 s lost once every other day: below the floor; ten runs a day: reported as low.
    expect(detect(profile, 0.5)).toBeUndefined();
    expect(detect(profile, 10)?.severity).toBe('low');
  });

  it('needs a profile with a multi-minor fragment', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(detect(buildProfileSummary())).toBeUndefined();
  });

  it('is silent on the real profiles (one minor fragment each)', () => {
    const hairTrigger = {
      processMaxOverMedian: ANY_POSITIVE,
      minSlowestMinorMs: 0,
      minTimeShare: 0,
      stake: NO_STAKE,
    };
    for (const file of REAL_PROFILES) {
      const context = realProfileContext(file);
      expect(context.profile?.fragments.every((f) => f.minorFragmentCount === 1)).toBe(true);
      expect(skewDetector.detect(context, defaults)).toBeUndefined();
      expect(skewDetector.detect(context, hairTrigger)).toBeUndefined();
    }
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(skewDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, processMaxOverMedian: { ...defaults.processMaxOverMedian, high: 1 } };
    expect(skewDetector.schema.safeParse(broken).success).toBe(false);
  });
});
