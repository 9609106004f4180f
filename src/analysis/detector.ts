import type { z } from 'zod';
import type { Change } from '../domain/change.js';
import type { Dataset } from '../domain/dataset.js';
import type { DetectorId } from '../domain/detector-id.js';
import type { Evidence, FindingSubject } from '../domain/finding.js';
import type { JobRecord } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import type { Reflection } from '../domain/reflection.js';
import type { Severity } from '../domain/severity.js';
import type { SqlFacts } from '../domain/sql-facts.js';
import type { StakeThresholds } from './stake.js';

/** Inputs a detector can ask for; the service skips a detector whose needs are not met and says so. */
export const DETECTOR_NEEDS = [
  'job',
  'profile',
  'fingerprint-history',
  'datasets',
  'dataset-files',
  'reflections',
] as const;
export type DetectorNeed = (typeof DETECTOR_NEEDS)[number];

/**
 * One job with what is known about it. `runsPerDay` is how often its fingerprint executed over the
 * window: results-cache hits are left out, since no change can speed up a run the cache answers.
 */
export interface JobContext {
  readonly job: JobRecord;
  readonly profile: ProfileSummary | undefined;
  readonly facts: SqlFacts | undefined;
  readonly runsPerDay: number;
  /** Answered from the results cache (`isResultsCacheHit`): not a run to baseline or to credit a saving on. */
  readonly resultsCacheHit?: boolean;
  /**
   * Catalog datasets by dotted path (partitioning, file statistics), when collected. Job detectors that
   * need a table's layout (partition-pruning) read it here; absent in `analyze-profile`.
   */
  readonly datasets?: ReadonlyMap<string, Dataset>;
}

/** Every run of one fingerprint in the analysed period, oldest first. */
export interface FingerprintGroup {
  readonly fingerprint: string;
  readonly sampleSql: string | null;
  readonly facts: SqlFacts | undefined;
  readonly jobs: readonly JobContext[];
  /** Executed runs a day (results-cache hits left out). */
  readonly runsPerDay: number;
  /** How many of `jobs` the results cache answered. */
  readonly cacheHits: number;
}

export interface AnalysisWindow {
  readonly from: Date;
  readonly to: Date;
  readonly days: number;
}

/** Everything the workload-level detectors see. Built by the service; detectors never touch the store. */
export interface WorkloadSnapshot {
  readonly window: AnalysisWindow;
  readonly jobs: readonly JobContext[];
  readonly fingerprints: ReadonlyMap<string, FingerprintGroup>;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly reflections: readonly Reflection[];
  /**
   * Changes the store recorded (applied, marked applied, detected), oldest first. Analysis does not load
   * them; the recommend service adds them so advice on a regression can name what changed.
   */
  readonly changes?: readonly Change[];
}

/** What a job-level detector reports about one job; the framework groups hits per fingerprint. */
export interface JobHit<E extends Evidence = Evidence> {
  readonly severity: Severity;
  readonly confidence: number;
  readonly title: string;
  readonly evidence: E;
  /** Time this problem costs on this job, in ms (used with the run frequency for impact per day). */
  readonly timeAtStakeMs: number;
}

/** A workload-level finding before the framework adds its id. */
export interface FindingDraft<E extends Evidence = Evidence> {
  readonly severity: Severity;
  readonly confidence: number;
  readonly title: string;
  readonly subject: FindingSubject;
  readonly jobIds: readonly string[];
  readonly evidence: E;
  readonly impactMsPerDay: number;
}

export interface DetectorThresholds {
  readonly stake: StakeThresholds;
}

interface DetectorBase<T extends DetectorThresholds> {
  readonly id: DetectorId;
  readonly title: string;
  /** The rule in words, as docs/detectors.md states it. */
  readonly rule: string;
  readonly needs: readonly DetectorNeed[];
  readonly defaults: T;
  /** Validates a `detectors.<id>` override from the config file (merged over the defaults). */
  readonly schema: z.ZodType<T>;
}

/** Looks at one job at a time (usually its profile); works in `analyze-profile` too. */
export interface JobDetector<T extends DetectorThresholds = DetectorThresholds> extends DetectorBase<T> {
  readonly scope: 'job';
  detect(context: JobContext, thresholds: T): JobHit | undefined;
}

/** Looks across the workload: fingerprints, datasets, reflections. */
export interface WorkloadDetector<T extends DetectorThresholds = DetectorThresholds> extends DetectorBase<T> {
  readonly scope: 'workload';
  detect(snapshot: WorkloadSnapshot, thresholds: T): readonly FindingDraft[];
}

export type Detector<T extends DetectorThresholds = DetectorThresholds> =
  | JobDetector<T>
  | WorkloadDetector<T>;
