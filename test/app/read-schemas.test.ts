import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as analysisChanges from '../../src/app/analysis-changes.js';
import * as clusters from '../../src/app/clusters.js';
import * as runs from '../../src/app/collection-runs.js';
import * as datasets from '../../src/app/datasets.js';
import * as detectors from '../../src/app/detectors.js';
import * as findings from '../../src/app/findings.js';
import * as fingerprints from '../../src/app/fingerprints.js';
import * as fingerprintsList from '../../src/app/fingerprints-list.js';
import * as impactEstimate from '../../src/app/impact-estimate.js';
import * as jobs from '../../src/app/jobs.js';
import * as measurements from '../../src/app/measurements.js';
import * as metrics from '../../src/app/metrics.js';
import * as recommendations from '../../src/app/recommendations.js';
import * as reflections from '../../src/app/reflections.js';
import * as sqlValidation from '../../src/app/sql-validation.js';
import * as timeAtStake from '../../src/app/time-at-stake.js';
import * as waivers from '../../src/app/waivers.js';

const CONTRACT: Record<string, string> = {
  validateSql: 'sql.validate',
  estimateImpact: 'impact.estimate',
  listClusters: 'clusters.list',
  listCollectionRuns: 'collection-runs.list',
  getCollectionRun: 'collection-runs.get',
  searchJobs: 'jobs.search',
  getJob: 'jobs.get',
  getFingerprint: 'fingerprints.get',
  listFingerprints: 'fingerprints.list',
  listBaselines: 'baselines.list',
  refreshBaselines: 'baselines.refresh',
  listRegressions: 'analysis.regressions',
  listFindings: 'findings.list',
  getFinding: 'findings.get',
  issuesBreakdown: 'analysis.breakdown',
  analysisChanges: 'analysis.changes',
  listRecommendations: 'recommendations.list',
  getRecommendation: 'recommendations.get',
  recommendationImpact: 'recommendations.impact',
  listWaivers: 'waivers.list',
  listReflections: 'reflections.list',
  reflectionLedger: 'reflections.ledger',
  listDatasets: 'datasets.list',
  getDataset: 'datasets.get',
  listMeasurements: 'measurements.list',
  getMeasurement: 'measurements.get',
  measurementSummary: 'measurements.summary',
  listDetectors: 'detectors.list',
  metricsSummary: 'metrics.summary',
  metricsByIssueType: 'metrics.by-issue-type',
  adoption: 'metrics.adoption',
  trends: 'metrics.trends',
  timeAtStake: 'metrics.time-at-stake',
};

const modules = [
  clusters,
  runs,
  jobs,
  fingerprints,
  fingerprintsList,
  findings,
  analysisChanges,
  recommendations,
  waivers,
  reflections,
  datasets,
  measurements,
  detectors,
  metrics,
  timeAtStake,
  sqlValidation,
  impactEstimate,
] as Record<string, unknown>[];

interface AnyService {
  serviceName: string;
  input: z.ZodType;
  output: z.ZodType;
}

const services = new Map<string, AnyService>();
for (const m of modules)
  for (const [name, value] of Object.entries(m))
    if (typeof value === 'function' && 'serviceName' in value)
      services.set(name, value as unknown as AnyService);

describe('read service contract', () => {
  it('exports every read service of the contract under its name', () => {
    expect(Object.fromEntries([...services].map(([k, s]) => [k, s.serviceName]))).toEqual(CONTRACT);
  });

  it.each([...services.keys()])('%s: input and output schemas become JSON Schema', (name) => {
    const service = services.get(name)!;
    expect(() => z.toJSONSchema(service.input, { target: 'draft-2020-12', io: 'input' })).not.toThrow();
    expect(() => z.toJSONSchema(service.output, { target: 'draft-2020-12', io: 'output' })).not.toThrow();
  });
});
