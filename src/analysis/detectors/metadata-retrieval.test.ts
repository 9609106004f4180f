import { describe, expect, it } from 'vitest';
import { buildContext, REAL_PROFILES, realProfileContext } from '../../../test/support/profile-builder.js';
import type { JobContext } from '../detector.js';
import { type MetadataRetrievalEvidence, metadataRetrievalDetector } from './metadata-retrieval.js';

const { defaults } = metadataRetrievalDetector;

/** A job row (no profile) that waited `metadataRetrievalMs` on metadata and took `durationMs` in all. */
function metadataJob(metadataRetrievalMs: number | null, durationMs: number): JobContext {
  const base = buildContext().job;
  return buildContext({
    job: {
      durationMs,
      phases: { ...base.phases, metadataRetrievalMs },
      scannedDatasets: ['s3.sales.orders'],
    },
  });
}

describe('metadata-retrieval detector', () => {
  it("flags dqd's profile1: 1456 ms of its 2422 ms in METADATA_RETRIEVAL (60%), naming the CSV it read", () => {
    const hit = metadataRetrievalDetector.detect(realProfileContext('dqd/profile1.json'), defaults);
    expect(hit?.severity).toBe('low');
    const evidence = hit?.evidence as MetadataRetrievalEvidence;
    expect(evidence.metadataRetrievalMs).toBe(1456);
    expect(evidence.durationMs).toBe(2422);
    // 1456 / 2422 = 0.6012
    expect(evidence.timeShare).toBeCloseTo(0.6012, 4);
    expect(evidence.source).toBe('profile');
    expect(evidence.tables).toEqual(['Samples."samples.dremio.com"."SF weather 2018-2019.csv"']);
    expect(hit?.timeAtStakeMs).toBe(1456);
    expect(hit?.title).toBe('Metadata retrieval took 1.5 s (60% of the query)');
  });

  it("leaves dqd's testprofile alone: 7 ms of metadata retrieval", () => {
    expect(
      metadataRetrievalDetector.detect(realProfileContext('dqd/testprofile.zip'), defaults),
    ).toBeUndefined();
  });

  it('flags every dqd profile but the one with warm metadata', () => {
    const flagged = REAL_PROFILES.filter(
      (f) => metadataRetrievalDetector.detect(realProfileContext(f), defaults) !== undefined,
    );
    expect(flagged).toEqual([
      'dqd/profile1.json',
      'dqd/profile2.json',
      'dqd/profileWithEmptyClientInfo.json',
    ]);
  });

  const rungs = [
    { ms: 1_000, severity: 'low' },
    { ms: 5_000, severity: 'medium' },
    { ms: 15_000, severity: 'high' },
    { ms: 60_000, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.ms} ms from the job row alone as ${rung.severity}`, () => {
      const hit = metadataRetrievalDetector.detect(metadataJob(rung.ms, rung.ms * 2), defaults);
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as MetadataRetrievalEvidence | undefined;
      expect(evidence?.source).toBe('job');
      expect(evidence?.tables).toEqual(['s3.sales.orders']);
    });
  }

  it('stays quiet below the lowest rung, below the time share, or without the phase', () => {
    expect(metadataRetrievalDetector.detect(metadataJob(999, 2_000), defaults)).toBeUndefined();
    // 5 s of a 30 s query is 16.7%, under the 20% floor.
    expect(metadataRetrievalDetector.detect(metadataJob(5_000, 30_000), defaults)).toBeUndefined();
    expect(metadataRetrievalDetector.detect(metadataJob(null, 30_000), defaults)).toBeUndefined();
  });
});
