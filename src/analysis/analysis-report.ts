import type { DetectorId } from '../domain/detector-id.js';
import type { Finding } from '../domain/finding.js';
import type { Recommendation } from '../domain/recommendation.js';
import type { AnalysisWindow, DetectorNeed } from './detector.js';

/**
 * A detector that could not look at some or all of its input because something it needs was missing,
 * recorded as data so a report tells silence from health ("not evaluated: no profile").
 */
export interface NotEvaluated {
  readonly detector: DetectorId;
  /** The input that was missing; null when the detector itself failed (then `reason` says how). */
  readonly missing: DetectorNeed | null;
  /** Plain words for the report, e.g. `no profile`. */
  readonly reason: string;
  /** Jobs the detector skipped for this reason (job detectors); 0 for a workload detector. */
  readonly skippedJobs: number;
  /** Jobs in the analysed set; a workload detector skipped entirely reports them all as unseen. */
  readonly totalJobs: number;
}

/** What running the detectors over one snapshot produced, before waivers and persistence. */
export interface DetectorRun {
  readonly findings: readonly Finding[];
  readonly notEvaluated: readonly NotEvaluated[];
  /** Detectors that looked at at least part of their input; only their old findings may be resolved. */
  readonly evaluated: readonly DetectorId[];
  /**
   * Subjects (`subjectKey`) a job detector had jobs of in the window but could look at none of them
   * (each lacked an input, or the detector failed on it): their old findings are left as they are.
   */
  readonly unseenSubjects: readonly UnseenSubject[];
}

export interface UnseenSubject {
  readonly detector: DetectorId;
  readonly subjectKey: string;
}

/** A waiver that hid a finding from this report. */
export interface WaivedFinding {
  readonly findingId: string;
  readonly waiverId: bigint;
  readonly reason: string;
  readonly until: Date | null;
}

/** What a report says about each detector that ran: SARIF rules and the table's legend come from it. */
export interface DetectorInfo {
  readonly id: DetectorId;
  readonly title: string;
  readonly rule: string;
}

/** The result of `analyzeWorkload`: what the `analyze` command prints in every format. */
export interface AnalysisReport {
  readonly generatedAt: Date;
  readonly clusterName: string;
  readonly window: AnalysisWindow;
  readonly jobCount: number;
  /** UTC days on which at least one of those jobs was submitted: a sparse import is not a busy fortnight. */
  readonly daysWithJobs: number;
  readonly detectors: readonly DetectorInfo[];
  /** Open, unwaived findings, the largest impact first. */
  readonly findings: readonly Finding[];
  readonly notEvaluated: readonly NotEvaluated[];
  readonly waived: readonly WaivedFinding[];
  /** Findings from earlier runs that were not seen this time and are now resolved. */
  readonly resolvedIds: readonly string[];
  /** What to change, from the shown findings, the largest net benefit first (src/recommend). */
  readonly recommendations: readonly Recommendation[];
}
