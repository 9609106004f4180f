import type { Finding } from './finding.js';

/**
 * What one analysis changed in the stored findings: told to the alert outbox inside the transaction
 * that records them, and to the log once they are committed.
 */
export interface FindingsSaved {
  readonly clusterId: bigint;
  readonly clusterName: string;
  readonly seenAt: Date;
  /** The findings of this run that no waiver covers. */
  readonly shown: readonly Finding[];
  /** Findings (of every run) that opened with this one: new, or resolved before and seen again. */
  readonly openedIds: readonly string[];
  readonly resolvedIds: readonly string[];
}
