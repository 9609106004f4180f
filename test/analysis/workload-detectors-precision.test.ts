import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import type { DetectorThresholds, FindingDraft, WorkloadDetector } from '../../src/analysis/detector.js';
import { reflectionFailingDetector } from '../../src/analysis/detectors/reflection-failing.js';
import { reflectionMissingDetector } from '../../src/analysis/detectors/reflection-missing.js';
import { reflectionUnusedDetector } from '../../src/analysis/detectors/reflection-unused.js';
import { regressionDetector } from '../../src/analysis/detectors/regression.js';
import { selectStarDetector } from '../../src/analysis/detectors/select-star.js';
import { smallFilesDetector } from '../../src/analysis/detectors/small-files.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import type { JobRecord } from '../../src/domain/job.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { jobFromProfileSummary } from '../../src/profile/profile-job.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import type { GroundTruth } from '../../src/simulator/world.js';
import { jobFromHistoryRow } from '../../src/sources/history-row.js';
import { jobFromQueriesJsonLine } from '../../src/sources/queries-json-line.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { finishJob } from '../../src/sql/finish-job.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';
import { realFixture } from '../support/fixtures.js';
import { ANY_POSITIVE, NO_STAKE } from '../support/profile-builder.js';
import { buildWorldSnapshot, SNAPSHOT_FLAVORS, type WorldSnapshot } from '../support/world-snapshot.js';

/**
 * Calibration against the simulator's ground truth: every workload detector, over three seeds and every
 * flavor, must find what the world injected (recall ≥ 0.90) and little else (precision ≥ 0.95). Pairs are
 * (detector, template) for fingerprint findings, (detector, dataset path) and (detector, reflection id).
 */
const SEEDS = [1, 2, 3] as const;
const JOBS = 1500;
const DAYS = 7;
const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.9;

type Unit = 'template' | 'dataset' | 'reflection';

const CASES: readonly { readonly detector: WorkloadDetector<DetectorThresholds>; readonly unit: Unit }[] = [
  { detector: selectStarDetector as WorkloadDetector<DetectorThresholds>, unit: 'template' },
  { detector: reflectionMissingDetector as WorkloadDetector<DetectorThresholds>, unit: 'template' },
  { detector: regressionDetector as WorkloadDetector<DetectorThresholds>, unit: 'template' },
  { detector: smallFilesDetector as WorkloadDetector<DetectorThresholds>, unit: 'dataset' },
  { detector: reflectionUnusedDetector as WorkloadDetector<DetectorThresholds>, unit: 'reflection' },
  { detector: reflectionFailingDetector as WorkloadDetector<DetectorThresholds>, unit: 'reflection' },
];

function labelled(truth: GroundTruth, id: DetectorId, unit: Unit): Set<string> {
  if (unit === 'template')
    return new Set(truth.templates.filter((t) => t.labels.includes(id)).map((t) => t.template));
  if (unit === 'dataset')
    return new Set(truth.datasets.filter((d) => d.labels.includes(id)).map((d) => d.path));
  return new Set(truth.reflections.filter((r) => r.labels.includes(id)).map((r) => r.id));
}

function predicted(findings: readonly FindingDraft[], truth: GroundTruth, unit: Unit): Set<string> {
  const templateOf = new Map(truth.jobs.map((j) => [j.jobId, j.template]));
  const out = new Set<string>();
  for (const f of findings) {
    if (unit === 'template') for (const id of f.jobIds) out.add(templateOf.get(id) ?? `unknown job ${id}`);
    if (unit === 'dataset' && f.subject.kind === 'dataset') out.add(f.subject.path);
    if (unit === 'reflection' && f.subject.kind === 'reflection') out.add(f.subject.reflectionId);
  }
  return out;
}

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  falsePositives: string[];
  misses: string[];
}

const totals = new Map<DetectorId, Confusion>();

for (const flavor of SNAPSHOT_FLAVORS) {
  for (const seed of SEEDS) {
    describe(`${flavor} seed ${seed}`, () => {
      let world: WorldSnapshot;
      beforeAll(async () => {
        world = await buildWorldSnapshot({ flavor, seed, jobs: JOBS, days: DAYS });
      });

      for (const { detector, unit } of CASES) {
        it(`${detector.id}: precision ≥ ${MIN_PRECISION}, recall ≥ ${MIN_RECALL}`, () => {
          const findings = detector.detect(world.snapshot, detector.defaults);
          const truthSet = labelled(world.truth, detector.id, unit);
          const found = predicted(findings, world.truth, unit);
          const tp = [...found].filter((x) => truthSet.has(x)).length;
          const falsePositives = [...found].filter((x) => !truthSet.has(x));
          const misses = [...truthSet].filter((x) => !found.has(x));
          const total = totals.get(detector.id) ?? { tp: 0, fp: 0, fn: 0, falsePositives: [], misses: [] };
          total.tp += tp;
          total.fp += falsePositives.length;
          total.fn += misses.length;
          total.falsePositives.push(...falsePositives.map((x) => `${flavor}/${seed}: ${x}`));
          total.misses.push(...misses.map((x) => `${flavor}/${seed}: ${x}`));
          totals.set(detector.id, total);
          const precision = found.size === 0 ? 1 : tp / found.size;
          const recall = truthSet.size === 0 ? 1 : tp / truthSet.size;
          expect(truthSet.size, 'the world labels something for this detector').toBeGreaterThan(0);
          expect(precision, `false positives: ${falsePositives.join(', ')}`).toBeGreaterThanOrEqual(
            MIN_PRECISION,
          );
          expect(recall, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(MIN_RECALL);
        });
      }
    });
  }
}

describe('over all worlds', () => {
  it('prints the confusion numbers per detector', () => {
    const rows = [...totals.entries()].map(([id, c]) => ({
      detector: id,
      tp: c.tp,
      fp: c.fp,
      fn: c.fn,
      precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
      recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
      falsePositives: c.falsePositives.slice(0, 5).join('; '),
      misses: c.misses.slice(0, 5).join('; '),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    for (const row of rows) {
      expect(row.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
      expect(row.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    }
  });
});

/** The real files: small, healthy queries. Nothing may fire with the defaults. */
function realSnapshot() {
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  const queriesJson = readFileSync(realFixture('dqd/queries.json'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  queriesJson.forEach((line, i) => {
    const result = jobFromQueriesJsonLine(JSON.parse(line), { sourceRef: `queries.json:${i + 1}` });
    if (result.ok) jobs.push(finishJob(result.job, { redactSql: false }));
  });
  const history = JSON.parse(readFileSync(realFixture('ddc/sys.jobs_recent.json'), 'utf8')) as {
    rows: object[];
  };
  for (const row of history.rows) {
    const result = jobFromHistoryRow(row as Record<string, unknown>, {
      source: 'live',
      sourceRef: 'sys.jobs_recent',
    });
    if (result.ok) jobs.push(finishJob(result.job, { redactSql: false }));
  }
  for (const file of ['dqd/profile1.json', 'dqd/profile2.json', 'dqd/profileWithEmptyClientInfo.json']) {
    const profile = summarizeProfile(parseLosslessJson(readFileSync(realFixture(file), 'utf8')));
    jobs.push(finishJob(jobFromProfileSummary(profile, { sourceRef: file }), { redactSql: false }));
    profiles.set(profile.jobId, profile);
  }
  const times = jobs.map((j) => j.timestamps.submittedAt.getTime());
  const from = new Date(Math.min(...times));
  const to = new Date(Math.max(...times) + 1);
  const snapshot = buildSnapshot({
    window: { from, to, days: (to.getTime() - from.getTime()) / 86_400_000 },
    jobs,
    profiles,
    facts: (_fp, sql) => (sql === null ? undefined : extractSqlFacts(sql)),
    datasets: new Map(),
    reflections: [],
  });
  return { snapshot, queriesJson };
}

describe('real fixtures', () => {
  beforeAll(async () => {
    await initSqlParser();
  });

  it('no workload detector fires on the real, healthy files', () => {
    const { snapshot } = realSnapshot();
    expect(snapshot.jobs.length).toBeGreaterThan(10);
    for (const { detector } of CASES)
      expect(detector.detect(snapshot, detector.defaults), detector.id).toEqual([]);
  });

  it('reflection-missing, forced to apply, reports the runs and durations queries.json holds', () => {
    const { snapshot, queriesJson } = realSnapshot();
    const thresholds = {
      ...reflectionMissingDetector.defaults,
      runsPerDay: ANY_POSITIVE,
      minRuns: 1,
      minMedianDurationMs: 0,
      stake: NO_STAKE,
    };
    const findings = reflectionMissingDetector.detect(snapshot, thresholds);
    const records = findings.find(
      (f) => f.subject.kind === 'fingerprint' && f.subject.sampleSql?.includes('pglocal'),
    );
    const completed = queriesJson
      .map((l) => JSON.parse(l) as { outcome: string; start: number; finish: number })
      .filter((q) => q.outcome === 'COMPLETED');
    const durations = completed.map((q) => q.finish - q.start).sort((a, b) => a - b);
    expect(records?.evidence).toMatchObject({
      runs: completed.length,
      medianDurationMs: durations[Math.floor(durations.length / 2)],
      datasetPaths: ['pglocal.public.records'],
    });
  });
});

describe('docs/detectors.md', () => {
  const doc = readFileSync(new URL('../../docs/detectors.md', import.meta.url), 'utf8');
  for (const { detector } of CASES) {
    it(`documents ${detector.id}: every section part and every threshold key`, () => {
      const start = doc.indexOf(`\n### ${detector.id}\n`);
      expect(start, `no section for ${detector.id}`).toBeGreaterThanOrEqual(0);
      const next = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      const parts = ['**Rule.**', '**Needs.**', '**Thresholds.**', '**Time at stake.**', '**Evidence.**'];
      for (const part of [
        ...parts,
        '**Sources.**',
        '**Known false positives and limits.**',
        '**Calibration.**',
      ])
        expect(section, `${detector.id} section lacks ${part}`).toContain(part);
      for (const key of Object.keys(detector.defaults))
        expect(section, `${detector.id} section does not list threshold ${key}`).toContain(`| \`${key}\` |`);
    });
  }
});
