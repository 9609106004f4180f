import { describe, expect, it } from 'vitest';
import { buildContextOver, findingOver, snapshotOver } from '../../../test/support/build-context.js';
import { buildContext, realProfileContext } from '../../../test/support/profile-builder.js';
import type { JobContext } from '../../analysis/detector.js';
import type { Dataset } from '../../domain/dataset.js';
import { validateRecommendationSql } from '../validate-sql.js';
import { buildPlanningAdvice } from './planning-advice.js';

function dataset(path: string, viewSql: string | null): Dataset {
  return {
    path,
    pathParts: path.split('.'),
    datasetId: null,
    kind: viewSql === null ? 'table' : 'view',
    format: viewSql === null ? 'Iceberg' : null,
    viewSql,
    columns: [],
    partitionFields: [],
    files: [],
  };
}

// analytics.kpis → analytics.orders_enriched → (lake.sales.orders ⋈ analytics.customers_clean → lake.sales.customers)
const CATALOG = [
  dataset(
    'analytics.kpis',
    'SELECT region, SUM(amount) AS revenue FROM analytics.orders_enriched GROUP BY region',
  ),
  dataset(
    'analytics.orders_enriched',
    'SELECT o.amount, c.region FROM lake.sales.orders o JOIN analytics.customers_clean c ON o.customer_id = c.id',
  ),
  dataset('analytics.customers_clean', 'SELECT id, UPPER(region) AS region FROM lake.sales.customers'),
  dataset('lake.sales.orders', null),
  dataset('lake.sales.customers', null),
];

function planningJob(jobId: string, planningMs: number): JobContext {
  const base = buildContext().job;
  return buildContext({
    job: {
      jobId,
      durationMs: planningMs + 1_000,
      queriedDatasets: ['analytics.kpis'],
      phases: { ...base.phases, planningMs },
    },
  });
}

describe('planning-time builder', () => {
  it('names the three-view chain under the queried view and credits 30% of its planning time', () => {
    const jobs = [planningJob('p1', 20_000), planningJob('p2', 30_000)];
    const finding = findingOver('planning-time', jobs, { planningMs: 30_000, metadataRetrievalMs: 5 });
    const drafts = buildPlanningAdvice(buildContextOver([finding], snapshotOver(jobs, 1, CATALOG)));
    expect(drafts).toHaveLength(1);
    const [flatten] = drafts;
    expect(flatten?.kind).toBe('flatten-view');
    expect(flatten?.sql).toBeNull();
    expect(validateRecommendationSql('flatten-view', null)).toEqual({ ok: true });
    expect(flatten?.evidence).toMatchObject({
      chain: 'analytics.kpis → analytics.orders_enriched → analytics.customers_clean',
      chainLength: 3,
      planningMsMedian: 25_000,
    });
    // (20,000 + 30,000) ms × 0.3 over one day.
    expect(flatten?.payoff.savingsMsPerDay).toBe(15_000);
    expect(flatten?.payoff.method).toBe('phase-time');
  });

  it('leaves a query on a single view over tables alone', () => {
    const job = {
      ...planningJob('p1', 20_000),
      job: { ...planningJob('p1', 20_000).job, queriedDatasets: ['analytics.customers_clean'] },
    };
    const finding = findingOver('planning-time', [job], { planningMs: 20_000, metadataRetrievalMs: 5 });
    expect(buildPlanningAdvice(buildContextOver([finding], snapshotOver([job], 1, CATALOG)))).toEqual([]);
  });

  it("refreshes the CSV's metadata when planning waited on it (dqd profile1: 1456 ms before 47 ms of planning)", () => {
    const job = realProfileContext('dqd/profile1.json');
    const finding = findingOver('planning-time', [job], { planningMs: 47, metadataRetrievalMs: 1456 });
    const [refresh, ...rest] = buildPlanningAdvice(buildContextOver([finding], snapshotOver([job], 1)));
    expect(rest).toEqual([]);
    expect(refresh?.kind).toBe('refresh-metadata');
    expect(refresh?.sql).toBe(
      'ALTER TABLE Samples."samples.dremio.com"."SF weather 2018-2019.csv" REFRESH METADATA',
    );
    expect(refresh?.payoff.savingsMsPerDay).toBe(1456);
  });

  it('does not blame metadata under 1 s', () => {
    const job = realProfileContext('dqd/profile1.json');
    const finding = findingOver('planning-time', [job], { planningMs: 47, metadataRetrievalMs: 999 });
    expect(buildPlanningAdvice(buildContextOver([finding], snapshotOver([job], 1)))).toEqual([]);
  });
});
