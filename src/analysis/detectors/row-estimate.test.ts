import { describe, expect, it } from 'vitest';
import {
  buildContext,
  buildOperator,
  buildProfileSummary,
  NO_STAKE,
  REAL_PROFILES,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { OperatorSummary, ProfileSummary } from '../../domain/profile-summary.js';
import { ascending } from '../ladder.js';
import { type RowEstimateEvidence, rowEstimateDetector } from './row-estimate.js';

const { defaults } = rowEstimateDetector;

/** A 10 s job whose join 01-02 (`share` of the work) produced `actualRows` against a plan estimate. */
function misestimateProfile(
  estimatedRows: number,
  actualRows: number,
  options: { share?: number; join?: Partial<OperatorSummary> } = {},
) {
  const share = options.share ?? 0.6;
  return buildProfileSummary({
    durationMs: 10_060,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: 10_000 },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: (1 - share) * 1000, estimatedRows: 4 }),
      buildOperator({
        key: '01-02',
        typeName: 'HASH_JOIN',
        planNodeName: 'HashJoin',
        processMs: share * 1000,
        recordsOut: actualRows,
        estimatedRows,
        ...options.join,
      }),
    ],
  });
}

function detect(profile: ProfileSummary | undefined, runsPerDay = 1000) {
  return rowEstimateDetector.detect(buildContext({ ...(profile ? { profile } : {}), runsPerDay }), defaults);
}

describe('row-estimate detector', () => {
  const rungs = [
    { name: 'low: just over 10×', ratio: 10.01, severity: 'low' },
    { name: 'medium: just over 30×', ratio: 30.01, severity: 'medium' },
    { name: 'high: just over 100×', ratio: 100.01, severity: 'high' },
    { name: 'critical: just over 1000×', ratio: 1000.01, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const actual = Math.round(200_000 * rung.ratio);
      const hit = detect(misestimateProfile(200_000, actual));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as RowEstimateEvidence;
      expect(evidence.operatorKey).toBe('01-02');
      expect(evidence.estimatedRows).toBe(200_000);
      expect(evidence.actualRows).toBe(actual);
      expect(evidence.direction).toBe('underestimate');
      expect(hit?.timeAtStakeMs).toBeCloseTo(6000);
    });
  }

  it('counts overestimates too', () => {
    const hit = detect(misestimateProfile(50_000_000, 400_000));
    expect(hit?.severity).toBe('high');
    expect((hit?.evidence as RowEstimateEvidence | undefined)?.direction).toBe('overestimate');
  });

  it('stays silent just below the lowest rung', () => {
    expect(detect(misestimateProfile(200_000, 1_998_000))).toBeUndefined();
  });

  it('stays silent on small operators and on operators that cost nothing', () => {
    expect(detect(misestimateProfile(500, 90_000))).toBeUndefined();
    expect(detect(misestimateProfile(200_000, 90_000_000, { share: 0.01 }))).toBeUndefined();
  });

  it('damps a wild misestimate in a rare query', () => {
    const profile = misestimateProfile(200_000, 90_000_000);
    expect(detect(profile, 0.5)).toBeUndefined();
    expect(detect(profile, 2)?.severity).toBe('low');
  });

  it('needs a profile, a plan estimate and a known output count', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(
      detect(misestimateProfile(200_000, 90_000_000, { join: { estimatedRows: undefined } })),
    ).toBeUndefined();
    expect(
      detect(misestimateProfile(200_000, 0, { join: { recordsOutSource: 'unknown', recordsOut: 0 } })),
    ).toBeUndefined();
  });

  it('is silent on the real profiles, and reads their plan rowcount against the records', () => {
    for (const file of REAL_PROFILES) {
      expect(rowEstimateDetector.detect(realProfileContext(file), defaults)).toBeUndefined();
    }
    // With the row and time floors removed, the CSV scan 00-08 is the one 10× off: the plan says
    // rowcount = 5288.0 and the scan read 485 records.
    const context = realProfileContext('dqd/profile1.json');
    const looseFloors = { ...defaults, minRows: 0, minTimeShare: 0, stake: NO_STAKE };
    const evidence = rowEstimateDetector.detect(context, looseFloors)?.evidence as RowEstimateEvidence;
    expect(evidence.operatorKey).toBe('00-08');
    expect(evidence.operatorType).toBe('TEXT_SUB_SCAN');
    expect(evidence.estimatedRows).toBe(5288);
    expect(evidence.actualRows).toBe(485);
    expect(context.profile?.planText).toMatch(/^00-08 .*rowcount = 5288\.0,/m);
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(rowEstimateDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, estimateErrorRatio: ascending(10, 5, 100, 1000) };
    expect(rowEstimateDetector.schema.safeParse(broken).success).toBe(false);
  });
});
