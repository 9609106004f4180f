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
} from '../../../test/support/profile-builder.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { type ClientBlockingEvidence, clientBlockingDetector } from './client-blocking.js';

const { defaults } = clientBlockingDetector;

/** A job whose root fragment sat `blockedMs` waiting for the client, in `durationMs` overall. */
function blockedProfile(blockedMs: number, durationMs = blockedMs + 1000) {
  return buildProfileSummary({
    durationMs,
    operators: [buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: 5 })],
    fragments: [buildFragment({ majorFragmentId: 0, blockedOnDownstreamMs: blockedMs, durationMs })],
  });
}

function detect(profile: ProfileSummary | undefined, runsPerDay = 1000) {
  return clientBlockingDetector.detect(
    buildContext({ ...(profile ? { profile } : {}), runsPerDay }),
    defaults,
  );
}

describe('client-blocking detector', () => {
  const rungs = [
    { name: 'low: just over 2 s', blockedMs: 2001, severity: 'low' },
    { name: 'medium: just over 10 s', blockedMs: 10_001, severity: 'medium' },
    { name: 'high: just over 60 s', blockedMs: 60_001, severity: 'high' },
    { name: 'critical: just over 300 s', blockedMs: 300_001, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(blockedProfile(rung.blockedMs));
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as ClientBlockingEvidence;
      expect(evidence.blockedOnClientMs).toBe(rung.blockedMs);
      expect(evidence.screenOperatorKey).toBe('00-00');
      expect(evidence.durationMs).toBe(rung.blockedMs + 1000);
      expect(hit?.timeAtStakeMs).toBe(rung.blockedMs);
    });
  }

  it('stays silent just below the lowest rung (a normal fetch)', () => {
    expect(detect(blockedProfile(1999))).toBeUndefined();
  });

  it("stays silent below 5% of the job's duration", () => {
    expect(detect(blockedProfile(3000, 200_000))).toBeUndefined();
  });

  it('damps a very slow client on a rare query', () => {
    const profile = blockedProfile(300_001);
    expect(detect(profile, 0.01)).toBeUndefined();
    expect(detect(profile, 0.1)?.severity).toBe('low');
  });

  it('needs a profile with a root fragment', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(detect({ ...blockedProfile(60_000), fragments: [] })).toBeUndefined();
  });

  it('is silent on the real profiles, and reads their root fragment', () => {
    for (const file of REAL_PROFILES) {
      expect(clientBlockingDetector.detect(realProfileContext(file), defaults)).toBeUndefined();
    }
    // profile1.json: fragment 00 minor 00 has blockedOnDownstreamDuration = 1, start→end = 2422 ms.
    const hairTrigger = { blockedOnClientMs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    const hit = clientBlockingDetector.detect(realProfileContext('dqd/profile1.json'), hairTrigger);
    const evidence = hit?.evidence as ClientBlockingEvidence;
    expect(evidence.blockedOnClientMs).toBe(1);
    expect(evidence.durationMs).toBe(2422);
    expect(evidence.screenOperatorKey).toBe('00-00');
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(clientBlockingDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, blockedOnClientMs: { ...defaults.blockedOnClientMs, high: 5 } };
    expect(clientBlockingDetector.schema.safeParse(broken).success).toBe(false);
  });
});
