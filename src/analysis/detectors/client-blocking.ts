import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface ClientBlockingThresholds extends DetectorThresholds {
  /** Time major fragment 00 (the Screen) sat blocked on downstream: the client not fetching results. */
  readonly blockedOnClientMs: Ladder;
  /** Share of the job's duration below which a slow client is not the problem (dqd's 5% gate). */
  readonly minTimeShare: number;
}

export type ClientBlockingEvidence = {
  readonly majorFragmentId: 0;
  readonly screenOperatorKey: string | null;
  readonly blockedOnClientMs: number;
  readonly durationMs: number;
  readonly timeShare: number;
  readonly rowsReturned: number | null;
  readonly bytesReturned: number | null;
  readonly client: string | null;
  readonly queryType: string | null;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: ClientBlockingThresholds = {
  // dqd: phase 00's blockedOnDownstreamDuration above 5% of the query duration means the client is slow.
  blockedOnClientMs: ascending(2_000, 10_000, 60_000, 300_000),
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  blockedOnClientMs: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function toNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

function detect(
  context: JobContext,
  thresholds: ClientBlockingThresholds,
): JobHit<ClientBlockingEvidence> | undefined {
  const profile = context.profile;
  const root = profile?.fragments.find((f) => f.majorFragmentId === 0);
  if (profile === undefined || root === undefined) return undefined;
  const blockedOnClientMs = root.blockedOnDownstreamMs;
  const durationMs = context.job.durationMs ?? profile.durationMs;
  if (blockedOnClientMs <= 0 || durationMs <= 0) return undefined;
  const timeShare = Math.min(1, blockedOnClientMs / durationMs);
  if (timeShare < thresholds.minTimeShare) return undefined;
  const assessment = assess({
    symptoms: [
      {
        quantity: 'blockedOnClientMs',
        value: blockedOnClientMs,
        unit: 'ms',
        ladder: thresholds.blockedOnClientMs,
      },
    ],
    timeShare,
    impactMsPerDay: blockedOnClientMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const screen = profile.operators.find((op) => op.majorFragmentId === 0 && op.typeName === 'SCREEN');
  return {
    severity: assessment.severity,
    confidence: 0.9,
    title: `The client took ${formatDuration(blockedOnClientMs)} to fetch the results`,
    timeAtStakeMs: blockedOnClientMs,
    evidence: {
      majorFragmentId: 0,
      screenOperatorKey: screen?.key ?? null,
      blockedOnClientMs,
      durationMs,
      timeShare,
      rowsReturned: toNumber(context.job.rowsReturned),
      bytesReturned: toNumber(context.job.bytesReturned),
      client: context.job.client ?? (profile.client.name || null),
      queryType: context.job.queryType,
      thresholds: assessment.thresholds,
    },
  };
}

/** The query finished its work but waited on the client to read the results. */
export const clientBlockingDetector: JobDetector<ClientBlockingThresholds> = {
  id: 'client-blocking',
  scope: 'job',
  title: 'Blocked on the client',
  rule:
    "Reads how long major fragment 00 (the Screen operator's fragment) was blocked on downstream, which is the " +
    'client not fetching results. Flags the job when that time reaches the lowest rung and at least minTimeShare of ' +
    "the job's duration; the blocked time is the time at stake.",
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
