import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildJoin,
  buildOperator,
  buildProfileSummary,
  NO_STAKE,
  REAL_PROFILES,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { type JoinFanoutEvidence, joinFanoutDetector } from './join-fanout.js';

const MS = 1_000_000;
const { defaults } = joinFanoutDetector;

/** A 10 s job whose join 01-02 turned `probeRecords` probe rows into `ratio` times as many. */
function fanoutProfile(ratio: number, options: { probeRecords?: number; joinShare?: number } = {}) {
  const probeRecords = options.probeRecords ?? 10_000_000;
  const joinShare = options.joinShare ?? 0.6;
  const outputRecords = Math.round(probeRecords * ratio);
  return buildProfileSummary({
    durationMs: 10_060,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: 10_000 },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: (1 - joinShare) * 1000 }),
      buildOperator({
        key: '01-02',
        typeName: 'HASH_JOIN',
        processMs: joinShare * 1000,
        recordsOut: outputRecords,
      }),
    ],
    joins: [
      buildJoin({
        key: '01-02',
        probeRecords,
        buildRecords: 2000,
        outputRecords,
        processNanos: joinShare * 1000 * MS,
      }),
    ],
  });
}

function detect(profile: ProfileSummary | undefined, runsPerDay = 1000) {
  return joinFanoutDetector.detect(buildContext({ ...(profile ? { profile } : {}), runsPerDay }), defaults);
}

describe('join-fanout detector', () => {
  const rungs = [
    { name: 'low: just over 5×', ratio: 5.01, severity: 'low' },
    { name: 'medium: just over 10×', ratio: 10.01, severity: 'medium' },
    { name: 'high: just over 30×', ratio: 30.01, severity: 'high' },
    { name: 'critical: just over 100×', ratio: 100.01, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(fanoutProfile(rung.ratio));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as JoinFanoutEvidence;
      expect(evidence.operatorKey).toBe('01-02');
      expect(evidence.probeRecords).toBe(10_000_000);
      expect(evidence.outputRecords).toBe(Math.round(10_000_000 * rung.ratio));
      expect(evidence.outputToInputRatio).toBeCloseTo(rung.ratio, 6);
      expect(hit?.timeAtStakeMs).toBeCloseTo(6000);
    });
  }

  it('stays silent just below the lowest rung', () => {
    expect(detect(fanoutProfile(4.99))).toBeUndefined();
  });

  it('stays silent on a 2–3× one-to-few expansion', () => {
    expect(detect(fanoutProfile(2.99))).toBeUndefined();
  });

  it('measures against the larger input, so a small probe side over a big build is not an explosion', () => {
    const profile = fanoutProfile(8);
    const join = profile.joins[0]!;
    const swapped = { ...profile, joins: [{ ...join, buildRecords: join.outputRecords / 2 }] };
    expect(detect(swapped)).toBeUndefined();
  });

  it('stays silent on small joins and on joins that cost nothing', () => {
    expect(detect(fanoutProfile(40, { probeRecords: 10_000 }))).toBeUndefined();
    expect(detect(fanoutProfile(40, { joinShare: 0.01 }))).toBeUndefined();
  });

  it('damps an explosive join in a rare query', () => {
    const profile = fanoutProfile(200);
    // 6 s at stake every fifth day is under the floor; once a day is low.
    expect(detect(profile, 0.2)).toBeUndefined();
    expect(detect(profile, 1)?.severity).toBe('low');
  });

  it('needs a profile with joins', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(detect(buildProfileSummary())).toBeUndefined();
  });

  it('is silent on the real profiles (no joins)', () => {
    const hairTrigger = {
      outputToInputRatio: ANY_POSITIVE,
      minOutputRecords: 0,
      minTimeShare: 0,
      stake: NO_STAKE,
    };
    for (const file of REAL_PROFILES) {
      const context = realProfileContext(file);
      expect(context.profile?.joins).toEqual([]);
      expect(joinFanoutDetector.detect(context, defaults)).toBeUndefined();
      expect(joinFanoutDetector.detect(context, hairTrigger)).toBeUndefined();
    }
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(joinFanoutDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, outputToInputRatio: { ...defaults.outputToInputRatio, critical: 2 } };
    expect(joinFanoutDetector.schema.safeParse(broken).success).toBe(false);
  });
});
