// Test-only helpers shared by the builder tests: a one-detector finding over given jobs, and a snapshot.
import type { JobContext, WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import type { Finding } from '../../src/domain/finding.js';
import type { BuildContext, RecommendSettings } from '../../src/recommend/draft.js';

const DAY_MS = 86_400_000;

export function findingOver(
  detector: DetectorId,
  jobs: readonly JobContext[],
  evidence: Readonly<Record<string, unknown>>,
): Finding {
  return {
    id: `f-${detector}-${jobs[0]?.job.jobId ?? 'none'}`,
    detector,
    severity: 'medium',
    confidence: 0.9,
    title: 't',
    subject: { kind: 'job', jobId: jobs[0]?.job.jobId ?? 'none' },
    jobIds: jobs.map((c) => c.job.jobId),
    evidence: { thresholds: [], ...evidence },
    impactMsPerDay: 0,
  };
}

export function snapshotOver(
  jobs: readonly JobContext[],
  days = 1,
  datasets: readonly Dataset[] = [],
): WorkloadSnapshot {
  const to = new Date('2026-11-01T00:00:00Z');
  return {
    window: { from: new Date(to.getTime() - days * DAY_MS), to, days },
    jobs,
    fingerprints: new Map(),
    datasets: new Map(datasets.map((d) => [d.path, d])),
    reflections: [],
  };
}

export const SETTINGS: RecommendSettings = {
  optimizeTargetFileMb: 256,
  workloadManagement: false,
  cluster: { kind: 'software', version: '25.1.1-202409260159070462-716c0676', edition: 'oss' },
  budget: {},
};

export function buildContextOver(
  findings: readonly Finding[],
  snapshot: WorkloadSnapshot,
  settings: Partial<RecommendSettings> = {},
): BuildContext {
  return { snapshot, findings, settings: { ...SETTINGS, ...settings } };
}
