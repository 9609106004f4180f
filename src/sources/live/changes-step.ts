import type { Change } from '../../domain/change.js';
import { type ChangeCounts, recordDetectedChanges } from '../record-changes.js';
import type { LiveContext } from './live-context.js';

/** Records the changes this collection can see (see {@link recordDetectedChanges}) and reports them. */
export async function recordCollectedChanges(
  ctx: LiveContext,
  observed: readonly Change[],
): Promise<ChangeCounts> {
  const counts = await recordDetectedChanges(ctx.store.db, {
    clusterId: ctx.clusterId,
    observed,
    detectedAt: ctx.runStartedAt,
  });
  ctx.progress(
    'changes',
    `${counts.detected} changes detected, ${counts.linked} carry out a recommendation`,
    { ...counts, done: counts.detected },
  );
  return counts;
}
