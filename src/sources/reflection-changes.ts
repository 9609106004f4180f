import { type Change, type ChangeKind, reflectionSubject } from '../domain/change.js';
import type { Reflection, ReflectionRefresh } from '../domain/reflection.js';
import { canonicalPath, splitDottedPath } from '../sql/table-path.js';
import type { KnownReflection } from '../store/change-evidence-repository.js';

/** What a complete reflection listing says changed since the store last saw the reflections. */
export interface ReflectionListingChanges {
  readonly changes: readonly Change[];
  /** Stored reflections the listing no longer shows. */
  readonly droppedIds: readonly string[];
}

/** A reflection's dataset path as changes write it (`a."b.c".d`), whatever quoting the listing used. */
export function reflectionDatasetPath(datasetPath: string | null): string {
  return datasetPath === null ? '' : canonicalPath(splitDottedPath(datasetPath));
}

/** The subject of a stored or listed reflection: `path::name`, its id when it has no name. */
export function subjectOfReflection(r: {
  readonly reflectionId: string;
  readonly name: string | null;
  readonly datasetPath: string | null;
}): string {
  return reflectionSubject(reflectionDatasetPath(r.datasetPath), r.name ?? r.reflectionId);
}

/** Dremio starts a new reflection's first refresh at once; a later one is not the first. */
export const FIRST_REFRESH_WITHIN_MS = 3_600_000;

/**
 * When a reflection started to serve queries: the end of its first successful refresh (it accelerates
 * nothing before), one that started within {@link FIRST_REFRESH_WITHIN_MS} of `createdAt`. Undefined
 * when the listing no longer shows that refresh (`sys.materializations` keeps only recent ones): a
 * later refresh would date the reflection days after it began to serve, so the caller keeps the
 * creation time instead.
 */
export function firstRefreshEnd(refreshes: readonly ReflectionRefresh[], createdAt: Date): Date | undefined {
  let first: number | undefined;
  for (const f of refreshes) {
    if (f.startedAt === null || f.durationMs === null || f.state === 'FAILED') continue;
    const started = f.startedAt.getTime();
    if (started < createdAt.getTime() - 60_000 || started > createdAt.getTime() + FIRST_REFRESH_WITHIN_MS)
      continue;
    const end = started + f.durationMs;
    if (first === undefined || end < first) first = end;
  }
  return first === undefined ? undefined : new Date(first);
}

/**
 * Compares a complete listing with what the store knew: a reflection not stored before that was
 * created during observed history (after `historyStart`) was created, dated by its first refresh; a
 * stored one missing was dropped somewhere between its last sighting and `observedAt`; one whose
 * enabled flag flipped was enabled or disabled between the two sightings. Pure; reads no clock.
 */
export function reflectionListingChanges(input: {
  readonly known: readonly KnownReflection[];
  readonly listed: readonly Reflection[];
  readonly historyStart: Date | undefined;
  readonly observedAt: Date;
}): ReflectionListingChanges {
  const known = new Map(input.known.map((k) => [k.reflectionId, k]));
  const listedIds = new Set(input.listed.map((r) => r.reflectionId));
  const changes: Change[] = [];
  for (const r of input.listed) {
    const before = known.get(r.reflectionId);
    if (before === undefined) {
      const created = createdChange(r, input.historyStart);
      if (created !== undefined) changes.push(created);
      continue;
    }
    if (
      before.droppedAt === null &&
      before.enabled !== null &&
      r.enabled !== null &&
      before.enabled !== r.enabled
    )
      changes.push(
        spanChange(r.enabled ? 'reflection-enabled' : 'reflection-disabled', r, {
          from: before.lastSeenAt,
          to: input.observedAt,
        }),
      );
  }
  const dropped = input.known.filter((k) => k.droppedAt === null && !listedIds.has(k.reflectionId));
  for (const k of dropped)
    changes.push(spanChange('reflection-dropped', k, { from: k.lastSeenAt, to: input.observedAt }));
  return { changes, droppedIds: dropped.map((k) => k.reflectionId) };
}

function createdChange(r: Reflection, historyStart: Date | undefined): Change | undefined {
  if (r.createdAt === null || historyStart === undefined || r.createdAt <= historyStart) return undefined;
  const at = firstRefreshEnd(r.refreshes, r.createdAt) ?? r.createdAt;
  return {
    kind: 'reflection-created',
    subject: subjectOfReflection(r),
    datasetPath: reflectionDatasetPath(r.datasetPath),
    effectiveFrom: at,
    effectiveTo: at,
    origin: 'detected',
    statement: null,
    jobId: null,
    recommendationId: null,
    details: { reflectionId: r.reflectionId, createdAt: r.createdAt.toISOString() },
  };
}

function spanChange(
  kind: ChangeKind,
  r: { readonly reflectionId: string; readonly name: string | null; readonly datasetPath: string | null },
  span: { readonly from: Date; readonly to: Date },
): Change {
  // The store's last sighting can be later than this observation only when clocks disagree.
  const from = span.from <= span.to ? span.from : span.to;
  return {
    kind,
    subject: subjectOfReflection(r),
    datasetPath: reflectionDatasetPath(r.datasetPath),
    effectiveFrom: from,
    effectiveTo: span.to,
    origin: 'detected',
    statement: null,
    jobId: null,
    recommendationId: null,
    details: { reflectionId: r.reflectionId },
  };
}
