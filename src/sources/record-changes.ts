import type { Change } from '../domain/change.js';
import {
  type Db,
  listDdlJobs,
  listFingerprintRuns,
  listRecommendations,
  loadReflections,
  recordChange,
} from '../store/index.js';
import { historyDdlChanges } from './history-ddl-changes.js';
import { matchRecommendation } from './match-recommendation.js';
import { queryRewrites } from './query-rewrites.js';

export interface ChangeCounts {
  /** Changes recorded for the first time by this run. */
  readonly detected: number;
  /** Of those and the ones seen again, how many carry out a recommendation. */
  readonly linked: number;
}

/** A drop or a new partition spec that only two observations bound is dated by its DDL job instead. */
const SPANNED: ReadonlySet<string> = new Set(['reflection-dropped', 'partition-spec-changed']);

/**
 * Records the changes made by hand that stored history shows — its DDL jobs, dated by their jobs, and
 * query shapes rewritten (one stopped as another took its place) — and what a collection observed
 * (`observed`: reflections created, dropped, enabled or disabled between listings, table rewrites and
 * partition specs). Each change is linked to the open recommendation it carries out. Safe to run
 * again: `recordChange` refines a change it already holds instead of adding one. `detectedAt` is the
 * run's own observation time, the only clock read.
 */
export async function recordDetectedChanges(
  db: Db,
  input: { readonly clusterId: bigint; readonly observed: readonly Change[]; readonly detectedAt: Date },
): Promise<ChangeCounts> {
  const { clusterId, detectedAt } = input;
  const fromHistory = historyDdlChanges(
    await listDdlJobs(db, clusterId),
    await loadReflections(db, clusterId),
  );
  const dated = new Set(fromHistory.filter((c) => SPANNED.has(c.kind)).map((c) => `${c.kind} ${c.subject}`));
  const changes = [
    ...fromHistory,
    ...queryRewrites(await listFingerprintRuns(db, clusterId)),
    ...input.observed.filter((c) => !dated.has(`${c.kind} ${c.subject}`)),
  ];
  const recs = await listRecommendations(db, { clusterId, statuses: ['pending', 'accepted', 'applied'] });
  // Two records of one change (its DDL job and the listing) refine one row: count rows, not records.
  const detected = new Set<bigint>();
  const linked = new Set<bigint>();
  for (const found of changes) {
    const stored = await recordChange(db, {
      clusterId,
      change: matchRecommendation(found, recs),
      detectedAt,
    });
    if (stored.detectedAt.getTime() === detectedAt.getTime()) detected.add(stored.id);
    if (stored.recommendationId !== null) linked.add(stored.id);
  }
  return { detected: detected.size, linked: linked.size };
}
