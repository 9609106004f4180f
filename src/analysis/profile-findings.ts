import type { DetectorId } from '../domain/detector-id.js';
import type { Finding } from '../domain/finding.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { jobFromProfileSummary } from '../profile/profile-job.js';
import { extractSqlFacts } from '../sql/facts.js';
import { finishJob } from '../sql/finish-job.js';
import { initSqlParser } from '../sql/sql-parser.js';
import type { DetectorRun } from './analysis-report.js';
import type { Detector, JobContext, WorkloadSnapshot } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { type ResolvedThresholds, resolveThresholds } from './resolve-thresholds.js';
import { runDetectors } from './run-detectors.js';
import { selectDetectors } from './select-detectors.js';

const DAY_MS = 86_400_000;

/**
 * Runs the job-scope detectors on one profile alone, as `analyze-profile` does: the profile is the job
 * (its row derived from the profile), it runs once a day, and workload detectors, which need history,
 * are left out.
 */
export function findingsForProfile(
  summary: ProfileSummary,
  options: { readonly detectors: readonly Detector[]; readonly thresholds: ResolvedThresholds },
): DetectorRun {
  const job = finishJob(jobFromProfileSummary(summary, { sourceRef: 'profile' }), { redactSql: false });
  const context: JobContext = {
    job,
    profile: summary,
    facts: job.sqlText === null ? undefined : extractSqlFacts(job.sqlText),
    runsPerDay: 1,
  };
  const to = job.timestamps.finalStateAt ?? job.timestamps.submittedAt;
  const snapshot: WorkloadSnapshot = {
    window: { from: new Date(to.getTime() - DAY_MS), to, days: 1 },
    jobs: [context],
    fingerprints:
      job.fingerprint === null
        ? new Map()
        : new Map([
            [
              job.fingerprint,
              {
                fingerprint: job.fingerprint,
                sampleSql: job.sqlText,
                facts: context.facts,
                jobs: [context],
                runsPerDay: 1,
              },
            ],
          ]),
    datasets: new Map(),
    reflections: [],
  };
  return runDetectors({
    detectors: options.detectors.filter((d) => d.scope === 'job'),
    thresholds: options.thresholds,
    snapshot,
  });
}

/**
 * Resolves the thresholds once (a bad `detectors.<id>` override throws a ConfigError here, before any
 * file is read) and returns the per-profile findings step for `analyzeProfileFiles`.
 *
 * @example
 * const findings = await profileFindingsStep({ overrides: config.detectors });
 * await analyzeProfileFiles(['job.zip'], { findings });
 */
export async function profileFindingsStep(options: {
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly detectorIds?: readonly DetectorId[];
}): Promise<(summary: ProfileSummary) => readonly Finding[]> {
  const detectors = selectDetectors(DETECTORS, options.detectorIds).filter((d) => d.scope === 'job');
  const thresholds = resolveThresholds({
    detectors: selectDetectors(DETECTORS),
    overrides: options.overrides,
  });
  await initSqlParser();
  return (summary) => findingsForProfile(summary, { detectors, thresholds }).findings;
}
