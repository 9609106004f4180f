import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation, RecommendationKind } from '../../src/domain/recommendation.js';
import { createWorld } from '../../src/simulator/create-world.js';
import { FLAVORS, type Flavor } from '../../src/simulator/flavor.js';
import type { GroundTruth, SimWorld } from '../../src/simulator/world.js';
import { recommendOnWorld } from '../support/world-recommendations.js';

/**
 * Issue #16: a recommendation, applied, makes the shapes it answers faster in the simulator's truth.
 * On every flavor, each finding's statements of one kind are run together (two tables'
 * statistics fix one join) on a fresh copy of the world, so no other change has already fixed the
 * shape; the truth then reports, for every change, each affected template's speedup against the state
 * just before it, and the product over the group must be above 1 for every template whose runs the
 * finding names. The truth's time leaves out the queue wait, so queue changes and metadata refreshes
 * (which last only Dremio's 3-hour expiry) are timed on runs of the shape's SQL instead, end to end. Kinds whose statement changes no later run are left out, with
 * the reason: dropping a reflection saves its refreshes (costed from the refresh history), refreshing a
 * failing one only retries it, and a rewrite is a different query the user runs instead.
 */
const SEEDS = [1, 2] as const;
const JOBS = 1500;
const DAYS = 7;

/** Kinds whose statement changes the world for later runs, and which change kind the truth records. */
const APPLIED: ReadonlySet<RecommendationKind> = new Set<RecommendationKind>([
  'create-aggregate-reflection',
  'create-raw-reflection',
  'optimize-table',
  'add-partition-field',
  'cluster-table',
  'compute-statistics',
  'set-option',
]);

function timed(group: Group): boolean {
  return group.kind === 'refresh-metadata' || group.finding.detector === 'queue-wait';
}

interface Group {
  readonly finding: Finding;
  readonly kind: RecommendationKind;
  readonly recs: readonly Recommendation[];
}

interface Run {
  readonly world: SimWorld;
  readonly truth: GroundTruth;
  readonly groups: readonly Group[];
}

async function runWorld(flavor: Flavor, seed: number): Promise<Run> {
  const { world, truth, findings, recommendations } = await recommendOnWorld({
    flavor,
    seed,
    jobs: JOBS,
    days: DAYS,
  });
  const groups: Group[] = [];
  for (const finding of findings) {
    const mine = recommendations.filter(
      (r) => r.sql !== null && r.status === 'pending' && r.findingIds.includes(finding.id),
    );
    for (const kind of new Set(mine.map((r) => r.kind))) {
      if (APPLIED.has(kind) || kind === 'refresh-metadata')
        groups.push({ finding, kind, recs: mine.filter((r) => r.kind === kind) });
    }
  }
  return { world, truth, groups };
}

function templatesOf(truth: GroundTruth, jobIds: readonly string[]): Set<string> {
  const ids = new Set(jobIds);
  return new Set(truth.jobs.filter((j) => ids.has(j.jobId)).map((j) => j.template));
}

/** Median simulated time, submitted → final (queue included), of three runs of the SQL from `at`. */
function timedMs(world: SimWorld, sql: string, at: number): number {
  const ms = [0, 1, 2].map((i) => {
    const { job } = world.submitSql(sql, { user: 'dremio', at: at + i * 60_000 });
    return job.phases.finalState - job.submittedEpochMs;
  });
  return ms.sort((a, b) => a - b)[1] ?? 0;
}

const WORLDS = FLAVORS.flatMap((flavor) => SEEDS.map((seed) => [flavor, seed] as const));
const runs = new Map<string, Run>();

beforeAll(async () => {
  for (const [flavor, seed] of WORLDS) runs.set(`${flavor}/${seed}`, await runWorld(flavor, seed));
}, 600_000);

describe.each(WORLDS)('recommendations applied on %s, seed %i', (flavor, seed) => {
  it('make every shape their finding names faster in the simulator', () => {
    const { world: seen, truth, groups } = runs.get(`${flavor}/${seed}`)!;
    expect(groups.length).toBeGreaterThan(3);
    const slower: string[] = [];
    for (const group of groups) {
      const world = createWorld(seen.options);
      let at = world.options.endAt.getTime() + 3_600_000;
      const templates = templatesOf(truth, group.finding.jobIds);
      const samples = timed(group)
        ? [...templates].map(
            (t) => world.jobById(truth.templates.find((x) => x.template === t)!.jobIds[0]!)!.sql,
          )
        : [];
      const before = samples.map((sql) => timedMs(world, sql, at));
      for (const rec of group.recs) {
        at += 600_000;
        const { job } = world.submitSql(rec.sql!, { user: 'dremio', at });
        expect(job.finalState, `${rec.kind}: ${rec.sql}: ${job.errorMessage}`).toBe('COMPLETED');
      }
      const label = `${group.kind} for ${group.finding.detector} "${group.finding.title}"`;
      if (timed(group)) {
        const after = samples.map((sql) => timedMs(world, sql, at + 600_000));
        after.forEach((ms, i) => {
          if (!(ms < before[i]!)) slower.push(`${label}: ${before[i]} ms → ${ms} ms`);
        });
        continue;
      }
      const changes = world.truth().changes;
      expect(changes.length, `${label} recorded no change`).toBe(group.recs.length);
      for (const template of templates) {
        const speedup = changes.reduce(
          (product, c) => product * (c.effects.find((e) => e.template === template)?.speedup ?? 1),
          1,
        );
        if (!(speedup > 1)) slower.push(`${label}: ${template} ×${speedup}`);
      }
    }
    expect(slower, 'applied recommendations that did not speed up what they answer').toEqual([]);
  }, 300_000);
});
