import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildProfileSummary,
  buildStates,
  NO_STAKE,
  REAL_PROFILES,
  realHistoryContexts,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { JobContext } from '../detector.js';
import { type PlanningTimeEvidence, planningTimeDetector } from './planning-time.js';

const { defaults } = planningTimeDetector;

/** A job row (no profile) that planned for `planningMs` and ran one second. */
function planningJob(
  planningMs: number | null,
  options: { durationMs?: number; runsPerDay?: number } = {},
): JobContext {
  const base = buildContext().job;
  return buildContext({
    job: {
      durationMs: options.durationMs ?? (planningMs ?? 0) + 1100,
      phases: { ...base.phases, planningMs },
    },
    ...(options.runsPerDay === undefined ? {} : { runsPerDay: options.runsPerDay }),
  });
}

describe('planning-time detector', () => {
  const rungs = [
    { name: 'low: just over 5 s', planningMs: 5001, severity: 'low' },
    { name: 'medium: just over 15 s', planningMs: 15_001, severity: 'medium' },
    { name: 'high: just over 30 s', planningMs: 30_001, severity: 'high' },
    { name: 'critical: just over 60 s', planningMs: 60_001, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name} from the job row alone`, () => {
      const hit = planningTimeDetector.detect(planningJob(rung.planningMs), defaults);
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as PlanningTimeEvidence;
      expect(evidence.planningMs).toBe(rung.planningMs);
      expect(evidence.source).toBe('job');
      expect(evidence.slowestPhases).toEqual([]);
      expect(hit?.timeAtStakeMs).toBe(rung.planningMs);
    });
  }

  it("prefers the profile's state list and names the slowest planner phases", () => {
    const profile = buildProfileSummary({
      durationMs: 27_000,
      states: buildStates({ planning: 26_000, queued: 10, running: 900 }),
      stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, planning: 26_000 },
      planPhases: [
        { name: 'Validation', durationMs: 300 },
        { name: 'LOPT Join Planning', durationMs: 24_000 },
        { name: 'Logical Planning', durationMs: 1200 },
        { name: 'Physical Planning', durationMs: 500 },
      ],
    });
    const evidence = planningTimeDetector.detect(buildContext({ profile }), defaults)
      ?.evidence as PlanningTimeEvidence;
    expect(evidence.planningMs).toBe(26_000);
    expect(evidence.source).toBe('profile');
    expect(evidence.slowestPhases.map((p) => p.name)).toEqual([
      'LOPT Join Planning',
      'Logical Planning',
      'Physical Planning',
    ]);
  });

  it('stays silent just below the lowest rung', () => {
    expect(planningTimeDetector.detect(planningJob(4999), defaults)).toBeUndefined();
  });

  it("stays silent when planning is under 5% of a long job's duration", () => {
    expect(
      planningTimeDetector.detect(planningJob(20_000, { durationMs: 3_600_000 }), defaults),
    ).toBeUndefined();
  });

  it('damps slow planning of a rare query', () => {
    expect(planningTimeDetector.detect(planningJob(60_001, { runsPerDay: 0.05 }), defaults)).toBeUndefined();
    expect(planningTimeDetector.detect(planningJob(60_001, { runsPerDay: 0.5 }), defaults)?.severity).toBe(
      'low',
    );
  });

  it('says nothing without a planning time', () => {
    expect(planningTimeDetector.detect(planningJob(null), defaults)).toBeUndefined();
  });

  it('is silent on the real profiles, and reads their planning state and phases', () => {
    for (const file of REAL_PROFILES) {
      expect(planningTimeDetector.detect(realProfileContext(file), defaults)).toBeUndefined();
    }
    // profile1.json: PLANNING 1665659578097 → QUEUED 1665659578144; metadata retrieval took 1456 ms and
    // the planner's Validation phase 1450 ms.
    const hairTrigger = { planningMs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    const evidence = planningTimeDetector.detect(realProfileContext('dqd/profile1.json'), hairTrigger)
      ?.evidence as PlanningTimeEvidence;
    expect(evidence.planningMs).toBe(47);
    expect(evidence.metadataRetrievalMs).toBe(1456);
    expect(evidence.slowestPhases[0]).toEqual({ name: 'Validation', durationMs: 1450 });
  });

  it('is silent on every job of the real history files, and reads their phase times', () => {
    const contexts = realHistoryContexts();
    expect(contexts.length).toBeGreaterThan(10);
    for (const context of contexts) expect(planningTimeDetector.detect(context, defaults)).toBeUndefined();
    // dqd/queries.json: query 1cd23e68-91b6-77ef-bd1f-1eed8b53cf00 logged planningTime 475.
    const hairTrigger = { planningMs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    const context = contexts.find((c) => c.job.jobId === '1cd23e68-91b6-77ef-bd1f-1eed8b53cf00');
    const evidence =
      context &&
      (planningTimeDetector.detect(context, hairTrigger)?.evidence as PlanningTimeEvidence | undefined);
    expect(evidence?.planningMs).toBe(475);
    expect(evidence?.source).toBe('job');
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(planningTimeDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, planningMs: { ...defaults.planningMs, medium: 100 } };
    expect(planningTimeDetector.schema.safeParse(broken).success).toBe(false);
  });
});
