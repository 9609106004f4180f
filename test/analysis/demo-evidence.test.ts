import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../src/analysis/analysis-report.js';
import { runDemo } from '../../src/demo/index.js';
import type { Finding } from '../../src/domain/finding.js';
import { createLogger } from '../../src/log/index.js';
import type { Store } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

/**
 * Every finding of the demo must carry evidence that can be found in what the store holds: measurements
 * of a job in that job's row or profile summary, a dataset's file statistics in its stored observations,
 * a reflection's footprint and usage in its stored row. Aggregates over a fingerprint's runs (totals,
 * counts) and ratios are derived from those and are checked by each detector's own tests.
 */
const DERIVED =
  /^(total|run|runs$|affected|excess|compared|estimateError|outputToInput|fanOut|timeShare|impact|confidence|median|baseline|recent|mannWhitney|z$|splits|pValue|scanningJobs|idle|refreshMsPerDay|datasetQuery|partitionCount|smallFile|optimize|worst|average|scanMs$|durationMs$|runningMs$|refreshCount|refreshMs$|failedRefresh|columnsRead|datasetColumnCount|lastRefreshDuration|profiledRuns$)/;

let store: Store;
let dispose: () => Promise<void>;
let report: AnalysisReport;

beforeAll(async () => {
  const fresh = await testBackends()[0]!.fresh();
  store = fresh.store;
  dispose = fresh.dispose;
  ({ report } = await runDemo(
    { store, logger: createLogger({ level: 'silent', format: 'json' }) },
    { flavor: 'software-25.1', seed: 2, jobs: 1500, days: 7, profileBudget: 300 },
  ));
}, 600_000);

afterAll(async () => dispose?.());

function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (typeof value === 'bigint') out.push(Number(value));
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) out.push(Number(value));
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

async function storedNumbers(finding: Finding): Promise<number[]> {
  const evidence = finding.evidence as Record<string, unknown>;
  const subject = finding.subject;
  if (subject.kind === 'dataset') {
    const files = await store.db
      .selectFrom('dataset_files')
      .selectAll()
      .where('dataset_path', '=', subject.path)
      .execute();
    const dataset = await store.db
      .selectFrom('datasets')
      .selectAll()
      .where('path', '=', subject.path)
      .execute();
    return numbersIn([files, dataset]);
  }
  if (subject.kind === 'reflection') {
    const rows = await store.db
      .selectFrom('reflections')
      .selectAll()
      .where('reflection_id', '=', subject.reflectionId)
      .execute();
    const refreshes = await store.db
      .selectFrom('reflection_refreshes')
      .selectAll()
      .where('reflection_id', '=', subject.reflectionId)
      .execute();
    return numbersIn([rows, refreshes]);
  }
  const jobId = typeof evidence.exampleJobId === 'string' ? evidence.exampleJobId : finding.jobIds[0];
  if (jobId === undefined) return [];
  const job = await store.db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).execute();
  const profile = await store.db
    .selectFrom('profiles')
    .select('summary')
    .where('job_id', '=', jobId)
    .execute();
  return numbersIn([job, profile]);
}

describe('demo findings [pglite]', () => {
  it('finds something for most detectors, and recommends changes for them', () => {
    expect(new Set(report.findings.map((f) => f.detector)).size).toBeGreaterThanOrEqual(12);
    const kinds = new Set(report.recommendations.map((r) => r.kind));
    for (const kind of ['create-aggregate-reflection', 'optimize-table', 'drop-reflection'] as const)
      expect(kinds.has(kind), kind).toBe(true);
  });

  it('carry measurements that can be found in the stored rows of their subject', async () => {
    const untraced: string[] = [];
    let traced = 0;
    for (const finding of report.findings) {
      const pool = await storedNumbers(finding);
      const measured = Object.entries(finding.evidence).filter(
        (e): e is [string, number] => typeof e[1] === 'number' && !DERIVED.test(e[0]),
      );
      expect(
        measured.length + finding.evidence.thresholds.length,
        `${finding.detector} evidence has numbers`,
      ).toBeGreaterThan(0);
      for (const [key, value] of measured) {
        const found = pool.some(
          (p) =>
            Math.abs(p - value) <= Math.max(1, Math.abs(value) * 0.01) ||
            Math.abs(p / 1e6 - value) <= Math.max(1, Math.abs(value) * 0.01),
        );
        if (found) traced++;
        else untraced.push(`${finding.detector} ${finding.id}: ${key}=${value}`);
      }
    }
    expect(untraced).toEqual([]);
    // Guards the exclusions above: most of the evidence must still be checked against the store.
    expect(traced).toBeGreaterThanOrEqual(report.findings.length * 3);
  });
});
