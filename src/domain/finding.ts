import type { DetectorId } from './detector-id.js';
import type { Severity } from './severity.js';

/** What a finding is about. Job-level problems are grouped per fingerprint when the SQL is known. */
export type FindingSubject =
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'fingerprint'; readonly fingerprint: string; readonly sampleSql: string | null }
  | { readonly kind: 'dataset'; readonly path: string }
  | {
      readonly kind: 'reflection';
      readonly reflectionId: string;
      readonly name: string | null;
      readonly datasetPath: string | null;
    };

/** One measured quantity compared with the rung of its ladder it crossed. */
export interface ThresholdCrossed {
  readonly quantity: string;
  readonly value: number;
  readonly unit: string;
  readonly threshold: number;
  readonly severity: Severity;
}

/**
 * Evidence is declared per detector as a typed object: numbers with units in their names, operator ids
 * (`MM-OO`), plan excerpts. The framework adds the thresholds crossed.
 */
export type Evidence = Readonly<Record<string, unknown>> & {
  readonly thresholds: readonly ThresholdCrossed[];
};

export interface Finding {
  /** Stable across runs: a hash of the detector and the subject. */
  readonly id: string;
  readonly detector: DetectorId;
  readonly severity: Severity;
  /** How sure the evidence is, 0–1. */
  readonly confidence: number;
  readonly title: string;
  readonly subject: FindingSubject;
  /** Every affected job. */
  readonly jobIds: readonly string[];
  readonly evidence: Evidence;
  readonly impactMsPerDay: number;
}

export function subjectKey(subject: FindingSubject): string {
  switch (subject.kind) {
    case 'job':
      return `job:${subject.jobId}`;
    case 'fingerprint':
      return `fingerprint:${subject.fingerprint}`;
    case 'dataset':
      return `dataset:${subject.path}`;
    case 'reflection':
      return `reflection:${subject.reflectionId}`;
  }
}
