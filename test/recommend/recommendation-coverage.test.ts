import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation, RecommendationKind } from '../../src/domain/recommendation.js';
import { validateRecommendationSql } from '../../src/recommend/validate-sql.js';
import { FLAVORS, type Flavor } from '../../src/simulator/flavor.js';
import type { GroundTruth } from '../../src/simulator/world.js';
import { recommendOnWorld } from '../support/world-recommendations.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

/**
 * Issue #16's acceptance on the simulator's worlds, every flavor (24.2's history is the jobs listing,
 * without bytes, CPU or memory, as collection reads it) and two seeds each: every finding kind the
 * analysis reports gets a recommendation; every labelled problem that is found gets one of a kind that
 * can fix it; no clean query shape is touched; nothing pending costs more than it saves; every
 * statement validates and runs on the simulator, which rejects what Dremio rejects.
 */
const SEEDS = [1, 2] as const;
const JOBS = 1500;
const DAYS = 7;
const REFRESH_TEMPLATE = 'reflection-refresh';

const REFLECTIONS: readonly RecommendationKind[] = ['create-aggregate-reflection', 'create-raw-reflection'];

/** The recommendation kinds that answer each detector's finding: a change of another kind does not fix it. */
const FIXES: Readonly<Record<DetectorId, readonly RecommendationKind[]>> = {
  'partition-pruning': [
    'add-partition-field',
    'cluster-table',
    'rewrite-query',
    'adjust-client',
    ...REFLECTIONS,
  ],
  'reflection-missing': REFLECTIONS,
  'reflection-unused': ['drop-reflection'],
  'reflection-failing': ['refresh-reflection'],
  'join-fanout': ['rewrite-query', 'adjust-client'],
  'select-star': ['rewrite-query', 'adjust-client'],
  'small-files': ['optimize-table', 'cluster-table'],
  regression: ['reverse-regression', 'refresh-reflection', 'optimize-table', ...REFLECTIONS],
  spill: ['set-option', 'workload-management', 'rewrite-query', ...REFLECTIONS],
  skew: ['rewrite-query', 'create-raw-reflection', 'adjust-client'],
  'queue-wait': ['workload-management', 'set-option'],
  'planning-time': ['flatten-view', 'refresh-metadata', 'metadata-refresh-policy', ...REFLECTIONS],
  'row-estimate': ['compute-statistics', 'refresh-metadata'],
  'client-blocking': ['adjust-client', ...REFLECTIONS],
  'nested-loop-join': ['rewrite-query', 'adjust-client'],
  'metadata-retrieval': ['refresh-metadata', 'metadata-refresh-policy'],
};

const TABLE_WIDE: ReadonlySet<RecommendationKind> = new Set([
  'optimize-table',
  'cluster-table',
  'compute-statistics',
  'refresh-metadata',
  'metadata-refresh-policy',
] satisfies RecommendationKind[]);

interface Run {
  readonly flavor: Flavor;
  readonly seed: number;
  readonly truth: GroundTruth;
  readonly snapshot: WorkloadSnapshot;
  readonly findings: readonly Finding[];
  readonly recs: readonly Recommendation[];
  /** Left out because they cost more than they save; shown to the user with their numbers. */
  readonly notWorthIt: readonly Recommendation[];
  readonly templateOf: ReadonlyMap<string, string>;
}

async function runWorld(flavor: Flavor, seed: number): Promise<Run> {
  const {
    truth,
    snapshot,
    findings,
    recommendations: recs,
    notWorthIt,
  } = await recommendOnWorld({
    flavor,
    seed,
    jobs: JOBS,
    days: DAYS,
  });
  const templateOf = new Map(truth.jobs.map((j) => [j.jobId, j.template]));
  return { flavor, seed, truth, snapshot, findings, recs, notWorthIt, templateOf };
}

const WORLDS = FLAVORS.flatMap((flavor) => SEEDS.map((seed) => [flavor, seed] as const));
const runs = new Map<string, Run>();
const keyOf = (flavor: Flavor, seed: number) => `${flavor}/${seed}`;

beforeAll(async () => {
  for (const [flavor, seed] of WORLDS) runs.set(keyOf(flavor, seed), await runWorld(flavor, seed));
}, 600_000);

/**
 * The recommendations that answer a finding: they name it, or (merged across findings) share its jobs;
 * a change shown as not worth it, with its numbers, answers it too.
 */
function answers(run: Run, finding: Finding): Recommendation[] {
  const jobs = new Set(finding.jobIds);
  return [...run.recs, ...run.notWorthIt].filter(
    (r) => r.findingIds.includes(finding.id) || r.jobIds.some((id) => jobs.has(id)),
  );
}

function labelledTemplates(truth: GroundTruth, detector: DetectorId): Set<string> {
  const templates = new Set<string>();
  for (const t of truth.templates) if (t.labels.includes(detector)) templates.add(t.template);
  for (const j of truth.jobs) if (j.labels.includes(detector)) templates.add(j.template);
  return templates;
}

describe.each(WORLDS)('recommendations cover the findings on %s, seed %i', (flavor, seed) => {
  const get = () => runs.get(keyOf(flavor, seed))!;

  it('gives every finding kind the analysis reports at least one recommendation', () => {
    const run = get();
    const kinds = new Set(run.findings.map((f) => f.detector));
    expect(kinds.size).toBeGreaterThan(3);
    const unanswered = [...kinds].filter(
      (kind) => !run.findings.filter((f) => f.detector === kind).some((f) => answers(run, f).length > 0),
    );
    expect(unanswered, 'finding kinds without any recommendation').toEqual([]);
  });

  it('answers every labelled problem it finds with a recommendation of a kind that fixes it', () => {
    const run = get();
    const missed: string[] = [];
    for (const finding of run.findings) {
      const fixes = FIXES[finding.detector];
      const subject = finding.subject;
      const labelled =
        subject.kind === 'dataset'
          ? run.truth.datasets.some((d) => d.path === subject.path && d.labels.includes(finding.detector))
          : subject.kind === 'reflection'
            ? run.truth.reflections.some(
                (r) => r.id === subject.reflectionId && r.labels.includes(finding.detector),
              )
            : finding.jobIds.some((id) =>
                labelledTemplates(run.truth, finding.detector).has(run.templateOf.get(id) ?? ''),
              );
      if (!labelled) continue;
      if (!answers(run, finding).some((r) => fixes.includes(r.kind)))
        missed.push(`${finding.detector}: ${finding.title}`);
    }
    expect(missed, 'labelled findings without a fixing recommendation').toEqual([]);
  });

  it('touches no clean query shape', () => {
    const run = get();
    const clean = new Set(
      run.truth.templates
        .filter((t) => t.labels.length === 0 && t.template !== REFRESH_TEMPLATE)
        .filter((t) =>
          t.jobIds.every((id) => run.truth.jobs.find((j) => j.jobId === id)?.labels.length === 0),
        )
        .map((t) => t.template),
    );
    expect(clean.size).toBeGreaterThan(0);
    const byId = new Map(run.findings.map((f) => [f.id, f]));
    for (const rec of run.recs) {
      if (rec.target.kind === 'reflection') continue;
      // A table-wide change speeds every reader of the table; what must not be clean is what it answers.
      const jobIds = TABLE_WIDE.has(rec.kind)
        ? rec.findingIds.flatMap((id) => byId.get(id)?.jobIds ?? [])
        : rec.jobIds;
      const touched = jobIds.map((id) => run.templateOf.get(id) ?? '').filter((t) => clean.has(t));
      expect([...new Set(touched)], `${rec.kind}: ${rec.title}`).toEqual([]);
    }
  });

  it('offers nothing pending that costs more than it saves', () => {
    const run = get();
    const negative = run.recs.filter((r) => r.status === 'pending' && r.netBenefitMsPerDay < 0);
    expect(negative.map((r) => `${r.title}: ${r.netBenefitMsPerDay}`)).toEqual([]);
  });

  it('carries only statements that validate and run on the simulator', async () => {
    const run = get();
    // A fresh world of the same seed: statements change the world they run on.
    const { world } = await buildWorldSnapshot({ flavor, seed, jobs: JOBS, days: DAYS });
    let at = world.options.endAt.getTime() + 3_600_000;
    for (const rec of run.recs) {
      expect(validateRecommendationSql(rec.kind, rec.sql), `${rec.kind}: ${rec.sql}`).toEqual({ ok: true });
      if (rec.sql === null) continue;
      at += 60_000;
      const { job } = world.submitSql(rec.sql, { user: 'dremio', at });
      expect(job.finalState, `${rec.kind}: ${rec.sql}: ${job.errorMessage}`).toBe('COMPLETED');
    }
  }, 120_000);
});
