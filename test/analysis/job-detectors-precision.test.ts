import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DetectorThresholds, JobDetector } from '../../src/analysis/detector.js';
import { clientBlockingDetector } from '../../src/analysis/detectors/client-blocking.js';
import { joinFanoutDetector } from '../../src/analysis/detectors/join-fanout.js';
import { nestedLoopJoinDetector } from '../../src/analysis/detectors/nested-loop-join.js';
import { partitionPruningDetector } from '../../src/analysis/detectors/partition-pruning.js';
import { planningTimeDetector } from '../../src/analysis/detectors/planning-time.js';
import { queueWaitDetector } from '../../src/analysis/detectors/queue-wait.js';
import { rowEstimateDetector } from '../../src/analysis/detectors/row-estimate.js';
import { skewDetector } from '../../src/analysis/detectors/skew.js';
import { spillDetector } from '../../src/analysis/detectors/spill.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { buildJob } from '../support/job-builder.js';
import { buildWorldSnapshot, SNAPSHOT_FLAVORS, type WorldSnapshot } from '../support/world-snapshot.js';

/**
 * Calibration against the simulator's ground truth: every job-level detector, over three seeds and every
 * flavor, must flag the jobs the world injected its anti-pattern into (recall ≥ 0.90) and few others,
 * near misses included (precision ≥ 0.95). Pairs are (detector, job id).
 */
const SEEDS = [1, 2, 3] as const;
const JOBS = 1500;
const DAYS = 7;
const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.9;

const DETECTORS: readonly JobDetector<DetectorThresholds>[] = [
  spillDetector,
  skewDetector,
  joinFanoutDetector,
  nestedLoopJoinDetector,
  rowEstimateDetector,
  clientBlockingDetector,
  partitionPruningDetector,
  queueWaitDetector,
  planningTimeDetector,
] as readonly JobDetector<DetectorThresholds>[];

/**
 * Recall the simulator does not let a detector reach, with the reason. The test asserts the gap is still
 * there, so it fails (and asks for the exemption to go) once the world is fixed.
 */
const KNOWN_RECALL_GAPS: Partial<Record<DetectorId, string>> = {};

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  readonly falsePositives: string[];
  readonly misses: string[];
}

const totals = new Map<DetectorId, Confusion>();

function confusionOf(world: WorldSnapshot, detector: JobDetector<DetectorThresholds>): Confusion {
  const truth = new Map(world.truth.jobs.map((j) => [j.jobId, j]));
  const flagged = new Set<string>();
  for (const context of world.snapshot.jobs) {
    const withLayout = { ...context, datasets: context.datasets ?? world.snapshot.datasets };
    if (detector.detect(withLayout, detector.defaults) !== undefined) flagged.add(context.job.jobId);
  }
  const labelled = new Set(
    world.truth.jobs.filter((j) => j.labels.includes(detector.id)).map((j) => j.jobId),
  );
  const name = (jobId: string) => `${truth.get(jobId)?.template ?? '?'} ${jobId}`;
  const falsePositives = [...flagged].filter((id) => !labelled.has(id)).map(name);
  const misses = [...labelled].filter((id) => !flagged.has(id)).map(name);
  return {
    tp: flagged.size - falsePositives.length,
    fp: falsePositives.length,
    fn: misses.length,
    falsePositives,
    misses,
  };
}

function addTo(id: DetectorId, c: Confusion, where: string): void {
  const total = totals.get(id) ?? { tp: 0, fp: 0, fn: 0, falsePositives: [], misses: [] };
  total.tp += c.tp;
  total.fp += c.fp;
  total.fn += c.fn;
  total.falsePositives.push(...c.falsePositives.map((x) => `${where}: ${x}`));
  total.misses.push(...c.misses.map((x) => `${where}: ${x}`));
  totals.set(id, total);
}

const precisionOf = (c: Confusion) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
const recallOf = (c: Confusion) => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));

function expectRecall(id: DetectorId, c: Confusion): void {
  const gap = KNOWN_RECALL_GAPS[id];
  if (gap === undefined) {
    expect(recallOf(c), `missed: ${c.misses.slice(0, 10).join(', ')}`).toBeGreaterThanOrEqual(MIN_RECALL);
  } else {
    expect(recallOf(c), `recall is now fine: remove the known gap (${gap})`).toBeLessThan(MIN_RECALL);
  }
}

for (const flavor of SNAPSHOT_FLAVORS) {
  for (const seed of SEEDS) {
    describe(`${flavor} seed ${seed}`, () => {
      let world: WorldSnapshot;
      beforeAll(async () => {
        world = await buildWorldSnapshot({ flavor, seed, jobs: JOBS, days: DAYS });
      });

      for (const detector of DETECTORS) {
        it(`${detector.id}: precision ≥ ${MIN_PRECISION}, recall ≥ ${MIN_RECALL}`, () => {
          const c = confusionOf(world, detector);
          addTo(detector.id, c, `${flavor}/${seed}`);
          expect(c.tp + c.fn, 'the world labels jobs for this detector').toBeGreaterThan(0);
          expect(
            precisionOf(c),
            `false positives: ${c.falsePositives.slice(0, 10).join(', ')}`,
          ).toBeGreaterThanOrEqual(MIN_PRECISION);
          expectRecall(detector.id, c);
        });
      }
    });
  }
}

describe('over all worlds', () => {
  it('prints the confusion numbers per detector', () => {
    const rows = DETECTORS.map(({ id }) => {
      const c = totals.get(id) ?? { tp: 0, fp: 0, fn: 0, falsePositives: [], misses: [] };
      return {
        detector: id,
        tp: c.tp,
        fp: c.fp,
        fn: c.fn,
        precision: Number(precisionOf(c).toFixed(3)),
        recall: Number(recallOf(c).toFixed(3)),
        falsePositives: c.falsePositives.slice(0, 3).join('; '),
        misses: c.misses.slice(0, 3).join('; '),
        knownGap: KNOWN_RECALL_GAPS[id] !== undefined,
      };
    });
    process.stdout.write(
      `job detectors over ${SNAPSHOT_FLAVORS.length * SEEDS.length} worlds:\n${JSON.stringify(rows, null, 2)}\n`,
    );
    expect(rows.every((r) => r.tp + r.fn > 0)).toBe(true);
    for (const row of rows) {
      expect(row.precision, row.detector).toBeGreaterThanOrEqual(MIN_PRECISION);
      if (!row.knownGap) expect(row.recall, row.detector).toBeGreaterThanOrEqual(MIN_RECALL);
    }
  });
});

describe('docs/detectors.md', () => {
  const doc = readFileSync(new URL('../../docs/detectors.md', import.meta.url), 'utf8');
  for (const detector of DETECTORS) {
    it(`documents ${detector.id}: every section part and every threshold key`, () => {
      const start = doc.indexOf(`\n### ${detector.id}\n`);
      expect(start, `no section for ${detector.id}`).toBeGreaterThanOrEqual(0);
      const next = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      for (const part of ['**Rule.**', '**Needs.**', '**Thresholds.**', '**Evidence.**', '**Sources.**']) {
        expect(section, `${detector.id} section lacks ${part}`).toContain(part);
      }
      for (const key of Object.keys(detector.defaults)) {
        expect(section, `${detector.id} section does not list threshold ${key}`).toContain(`| \`${key}\` |`);
      }
    });
  }
});

describe('degenerate input', () => {
  const emptyPhases = {
    pendingMs: null,
    metadataRetrievalMs: null,
    planningMs: null,
    queuedMs: null,
    engineStartMs: null,
    executionPlanningMs: null,
    startingMs: null,
    runningMs: null,
  };
  const cases = [
    { name: 'an empty profile object', raw: {} },
    { name: 'a profile that is not an object', raw: 'not a profile' },
    {
      name: 'a profile with empty lists',
      raw: { fragmentProfile: [], stateList: [], plan: '', start: 0, end: 0 },
    },
  ];
  for (const c of cases) {
    it(`every job detector stays silent on ${c.name} and a job row of nulls`, () => {
      const context = {
        job: buildJob({ jobId: 'empty', durationMs: null, phases: emptyPhases }),
        profile: summarizeProfile(c.raw),
        facts: undefined,
        runsPerDay: 1000,
        datasets: new Map(),
      };
      for (const detector of DETECTORS)
        expect(detector.detect(context, detector.defaults), detector.id).toBeUndefined();
    });
  }
});
