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
import { type NestedLoopJoinEvidence, nestedLoopJoinDetector } from './nested-loop-join.js';

const MS = 1_000_000;
const { defaults } = nestedLoopJoinDetector;

/** A 10 s job whose nested-loop join 01-01 compared `probeRecords` × `buildRecords` pairs. */
function loopProfile(probeRecords: number, options: { buildRecords?: number; share?: number } = {}) {
  const buildRecords = options.buildRecords ?? 1000;
  const share = options.share ?? 0.9;
  return buildProfileSummary({
    durationMs: 10_060,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: 10_000 },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: (1 - share) * 1000 }),
      buildOperator({ key: '01-01', typeName: 'NESTED_LOOP_JOIN', processMs: share * 1000 }),
    ],
    joins: [
      buildJoin({
        key: '01-01',
        kind: 'nested-loop',
        condition: 'AND(=($3, $4), >=($1, $5), <=($1, $6))',
        probeRecords,
        buildRecords,
        outputRecords: Math.round(probeRecords * 0.002),
        processNanos: share * 1000 * MS,
      }),
    ],
  });
}

function detect(profile: ProfileSummary | undefined, runsPerDay = 1000) {
  return nestedLoopJoinDetector.detect(
    buildContext({ ...(profile ? { profile } : {}), runsPerDay }),
    defaults,
  );
}

describe('nested-loop-join detector', () => {
  const rungs = [
    { name: 'low: just over 1e8 pairs', probe: 100_001, severity: 'low' },
    { name: 'medium: just over 1e9 pairs', probe: 1_000_001, severity: 'medium' },
    { name: 'high: just over 1e10 pairs', probe: 10_000_001, severity: 'high' },
    { name: 'critical: just over 1e11 pairs', probe: 100_000_001, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(loopProfile(rung.probe));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as NestedLoopJoinEvidence;
      expect(evidence.operatorKey).toBe('01-01');
      expect(evidence.comparedPairs).toBe(rung.probe * 1000);
      expect(evidence.condition).toContain('>=($1, $5)');
      expect(hit?.timeAtStakeMs).toBeCloseTo(9000);
    });
  }

  it('stays silent just below the lowest rung', () => {
    expect(detect(loopProfile(99_999))).toBeUndefined();
  });

  it('ignores a cross join with a one-row side (a scalar subquery) and a loop that costs nothing', () => {
    expect(detect(loopProfile(1e9, { buildRecords: 1 }))).toBeUndefined();
    expect(detect(loopProfile(1e9, { share: 0.01 }))).toBeUndefined();
  });

  it('damps a huge loop in a rare query', () => {
    const profile = loopProfile(1e9);
    expect(detect(profile, 0.2)).toBeUndefined();
    expect(detect(profile, 2)?.severity).toBe('low');
  });

  it('needs a profile with a nested-loop join; hash joins are not its business', () => {
    expect(detect(undefined)).toBeUndefined();
    const hash = loopProfile(1e9);
    expect(
      detect({ ...hash, joins: hash.joins.map((j) => ({ ...j, kind: 'hash' as const })) }),
    ).toBeUndefined();
  });

  it('is silent on the real profiles (no joins)', () => {
    const hairTrigger = { comparedPairs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    for (const file of REAL_PROFILES) {
      const context = realProfileContext(file);
      expect(nestedLoopJoinDetector.detect(context, defaults)).toBeUndefined();
      expect(nestedLoopJoinDetector.detect(context, hairTrigger)).toBeUndefined();
    }
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(nestedLoopJoinDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, comparedPairs: { ...defaults.comparedPairs, low: 1e12 } };
    expect(nestedLoopJoinDetector.schema.safeParse(broken).success).toBe(false);
  });
});
