import type { JobContext, WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { Finding } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import type { Reflection } from '../../src/domain/reflection.js';
import type { BuildContext, RecommendSettings } from '../../src/recommend/draft.js';
import { buildReflection } from '../support/reflection-builder.js';

// Small snapshots for the cost tests: a 7-day window, jobs without profiles unless given.

export const DAY_MS = 86_400_000;
export const WINDOW_TO = new Date('2026-11-01T00:00:00Z');
export const WINDOW_DAYS = 7;

export function context(
  jobs: readonly JobRecord[],
  options: {
    readonly reflections?: readonly Reflection[];
    readonly datasets?: readonly Dataset[];
    readonly findings: readonly Finding[];
    readonly settings?: Partial<RecommendSettings>;
  },
): BuildContext {
  const contexts: JobContext[] = jobs.map((job) => ({
    job,
    profile: undefined,
    facts: undefined,
    runsPerDay: 1,
  }));
  const snapshot: WorkloadSnapshot = {
    window: { from: new Date(WINDOW_TO.getTime() - WINDOW_DAYS * DAY_MS), to: WINDOW_TO, days: WINDOW_DAYS },
    jobs: contexts,
    fingerprints: new Map(),
    datasets: new Map((options.datasets ?? []).map((d) => [d.path, d])),
    reflections: options.reflections ?? [],
  };
  return {
    snapshot,
    findings: options.findings,
    settings: {
      optimizeTargetFileMb: 256,
      workloadManagement: undefined,
      cluster: { kind: null, version: null, edition: null },
      budget: {},
      ...options.settings,
    },
  };
}

export function reflection(overrides: Partial<Reflection> & { readonly reflectionId: string }): Reflection {
  return buildReflection({
    name: 'r',
    datasetPath: 'lake.ops.inventory',
    refreshStatus: null,
    availabilityStatus: null,
    failureCount: null,
    ...overrides,
  });
}

export function finding(overrides: Partial<Finding> & Pick<Finding, 'detector' | 'subject'>): Finding {
  return {
    id: `f-${overrides.detector}`,
    severity: 'high',
    confidence: 0.9,
    title: 't',
    jobIds: [],
    evidence: { thresholds: [] },
    impactMsPerDay: 1000,
    ...overrides,
  };
}
