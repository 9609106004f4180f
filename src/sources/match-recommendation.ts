import type { Change } from '../domain/change.js';
import type { Recommendation } from '../domain/recommendation.js';
import { recommendationChangeKey } from './recommendation-change.js';

/** Only these are carried out by a change; a rejected or dismissed one was not wanted. */
const OPEN_STATUSES: ReadonlySet<string> = new Set(['pending', 'accepted', 'applied']);

const PARTITION_FIELD = /\bPARTITION\s+FIELD\s+([\s\S]+?)\s*;?\s*$/i;

/** `identity(col)` is how Iceberg spells a plain column. */
function partitionField(sql: string | null): string | undefined {
  const field = sql === null ? undefined : PARTITION_FIELD.exec(sql)?.[1];
  if (field === undefined) return undefined;
  const compact = field.replace(/\s+/g, '').replaceAll('"', '').toLowerCase();
  return /^identity\((.+)\)$/.exec(compact)?.[1] ?? compact;
}

/** A partition change carries out the recommendation only when it adds the field the recommendation names. */
function samePartitionField(recSql: string | null, statement: string | null): boolean {
  const wanted = partitionField(recSql);
  return wanted !== undefined && wanted === partitionField(statement);
}

/**
 * The recommendation a detected change carries out: same change kind and subject (dataset path,
 * reflection name in its SQL, fingerprint), or for a drop the same reflection id. The change keeps the
 * recommendation's status in its details: one still pending or accepted was done by hand, and its
 * lifecycle is the user's to move, not ours.
 */
export function matchRecommendation(
  change: Change,
  recs: readonly Pick<Recommendation, 'id' | 'kind' | 'sql' | 'target' | 'status'>[],
): Change {
  if (change.recommendationId !== null) return change;
  const rec = recs.find((r) => {
    if (!OPEN_STATUSES.has(r.status)) return false;
    const key = recommendationChangeKey(r);
    if (key.kind !== change.kind) return false;
    if (key.subject === change.subject)
      return change.kind !== 'partition-spec-changed' || samePartitionField(r.sql, change.statement);
    return (
      change.kind === 'reflection-dropped' &&
      r.target.kind === 'reflection' &&
      r.target.reflectionId === change.details.reflectionId
    );
  });
  if (rec === undefined) return change;
  return {
    ...change,
    recommendationId: rec.id,
    details: { ...change.details, matchedRecommendationStatus: rec.status },
  };
}
