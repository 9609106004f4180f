import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildOperator,
  buildProfileSummary,
  NO_STAKE,
  REAL_PROFILES,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { type SpillEvidence, spillDetector } from './spill.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const { defaults } = spillDetector;

/** A 10 s job whose HashAgg 01-02 did `aggShare` of the operator work and spilled `spilledBytes`. */
function spillingProfile(spilledBytes: number, options: { aggShare?: number; runningMs?: number } = {}) {
  const aggShare = options.aggShare ?? 0.8;
  const runningMs = options.runningMs ?? 10_000;
  return buildProfileSummary({
    durationMs: runningMs + 60,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: runningMs },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: (1 - aggShare) * 1000 }),
      buildOperator({ key: '01-02', typeName: 'HASH_AGGREGATE', processMs: aggShare * 1000 }),
    ],
    spill: {
      spilled: spilledBytes > 0,
      hashAggBytes: spilledBytes,
      sortBytes: 0,
      hashJoinBytes: 0,
      totalBytes: spilledBytes,
      operatorKeys: spilledBytes > 0 ? ['01-02'] : [],
    },
  });
}

function detect(profile: ProfileSummary | undefined, runsPerDay = 1000) {
  return spillDetector.detect(buildContext({ ...(profile ? { profile } : {}), runsPerDay }), defaults);
}

describe('spill detector', () => {
  const rungs = [
    { name: 'low: just over 128 MiB', bytes: 128 * MIB + 1, severity: 'low' },
    { name: 'medium: just over 1 GiB', bytes: GIB + 1, severity: 'medium' },
    { name: 'high: just over 4 GiB', bytes: 4 * GIB + 1, severity: 'high' },
    { name: 'critical: just over 16 GiB', bytes: 16 * GIB + 1, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(spillingProfile(rung.bytes));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as SpillEvidence;
      expect(evidence.spilledBytes).toBe(rung.bytes);
      expect(evidence.operators.map((op) => op.key)).toEqual(['01-02']);
      expect(evidence.timeShare).toBeCloseTo(0.8);
      expect(hit?.timeAtStakeMs).toBeCloseTo(8000);
    });
  }

  it('stays silent just below the lowest rung (a few tens of MB, routine)', () => {
    expect(detect(spillingProfile(128 * MIB - 1))).toBeUndefined();
  });

  it('stays silent when the spilling operator is a negligible share of the work', () => {
    expect(detect(spillingProfile(32 * GIB, { aggShare: 0.04 }))).toBeUndefined();
  });

  it('damps a huge spill on a short, rare query', () => {
    const rare = spillingProfile(32 * GIB, { runningMs: 3000 });
    // 2.4 s at stake once every other day is below the 5 s/day floor.
    expect(detect(rare, 0.5)).toBeUndefined();
    // Five runs a day put 12 s/day at stake: reported, but only low.
    expect(detect(rare, 5)?.severity).toBe('low');
  });

  it('needs a profile, and a profile with spill', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(detect(spillingProfile(0))).toBeUndefined();
  });

  it('is silent on the real profiles, which did not spill', () => {
    for (const file of REAL_PROFILES) {
      const context = realProfileContext(file);
      expect(context.profile?.spill.totalBytes).toBe(0);
      expect(spillDetector.detect(context, defaults)).toBeUndefined();
      const hairTrigger = { spilledBytes: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
      expect(spillDetector.detect(context, hairTrigger)).toBeUndefined();
    }
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(spillDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, spilledBytes: { ...defaults.spilledBytes, medium: 1 } };
    expect(spillDetector.schema.safeParse(broken).success).toBe(false);
  });
});
