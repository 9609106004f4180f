import type { Change } from '../../domain/change.js';
import {
  listDdlJobs,
  listFingerprintRuns,
  listRecommendations,
  loadReflections,
  recordChange,
} from '../../store/index.js';
import { historyDdlChanges } from '../history-ddl-changes.js';
import { matchRecommendation } from '../match-recommendation.js';
import { queryRewrites } from '../query-rewrites.js';
import type { LiveContext } from './live-context.js';

export interface ChangeCounts {
  /** Changes recorded for the first time by this run. */
  readonly detected: number;
  /** Of those and the ones seen again, how many carry out a recommendation. */
  readonly linked: number;
}

/**
 * Records the changes made by hand that this run can see: the DDL jobs of stored history, dated by
 * their jobs; query shapes rewritten (one stopped as another took its place); and what the stages
 * observed (`observed`: reflections created, dropped, enabled or disabled between listings). A drop or partition spec change a DDL job dates is recorded from the
 * job, not as the span between two observations. Each change is linked to the open recommendation it carries out. Safe to
 * run again: `recordChange` refines a change it already holds instead of adding one.
 */
export async function recordDetectedChanges(
  ctx: LiveContext,
  observed: readonly Change[],
): Promise<ChangeCounts> {
  const db = ctx.store.db;
  const fromHistory = historyDdlChanges(
    await listDdlJobs(db, ctx.clusterId),
    await loadReflections(db, ctx.clusterId),
  );
  // A drop or a new partition spec that only two observations bound is dated by its DDL job instead.
  const spanned = new Set(['reflection-dropped', 'partition-spec-changed']);
  const dated = new Set(fromHistory.filter((c) => spanned.has(c.kind)).map((c) => `${c.kind} ${c.subject}`));
  const changes = [
    ...fromHistory,
    ...queryRewrites(await listFingerprintRuns(db, ctx.clusterId)),
    ...observed.filter((c) => !dated.has(`${c.kind} ${c.subject}`)),
  ];
  const recs = await listRecommendations(db, {
    clusterId: ctx.clusterId,
    statuses: ['pending', 'accepted', 'applied'],
  });
  // Two records of one change (its DDL job and the listing) refine one row: count rows, not records.
  const detected = new Set<bigint>();
  const linked = new Set<bigint>();
  for (const found of changes) {
    const change = matchRecommendation(found, recs);
    const stored = await recordChange(db, { clusterId: ctx.clusterId, change, detectedAt: ctx.runStartedAt });
    if (stored.detectedAt.getTime() === ctx.runStartedAt.getTime()) detected.add(stored.id);
    if (stored.recommendationId !== null) linked.add(stored.id);
  }
  const counts = { detected: detected.size, linked: linked.size };
  ctx.progress(
    'history',
    `${counts.detected} changes detected, ${counts.linked} carry out a recommendation`,
    counts,
  );
  return counts;
}
