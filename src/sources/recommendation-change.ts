import { type Change, type ChangeKind, type ChangeOrigin, reflectionSubject } from '../domain/change.js';
import type { Recommendation, RecommendationKind } from '../domain/recommendation.js';
import { canonicalPath, splitDottedPath } from '../sql/table-path.js';
import { readDdlChange } from './ddl-change.js';

/**
 * The change each recommendation kind makes. A refresh and a workload-management change alter no
 * object collection can see, so they are `setting-changed` on the recommendation itself: a refresh
 * makes a stale or failing reflection serve queries again, which is worth measuring, and no other
 * kind says that without merging with a created reflection of the same name.
 */
const KIND_OF: Readonly<Record<RecommendationKind, ChangeKind>> = {
  'create-aggregate-reflection': 'reflection-created',
  'create-raw-reflection': 'reflection-created',
  'drop-reflection': 'reflection-dropped',
  'refresh-reflection': 'setting-changed',
  'optimize-table': 'table-rewritten',
  'add-partition-field': 'partition-spec-changed',
  'rewrite-query': 'query-rewritten',
  'workload-management': 'setting-changed',
  'cluster-table': 'partition-spec-changed',
  'set-option': 'setting-changed',
  'refresh-metadata': 'setting-changed',
  'metadata-refresh-policy': 'setting-changed',
  'compute-statistics': 'setting-changed',
  'adjust-client': 'setting-changed',
  'flatten-view': 'query-rewritten',
  'reverse-regression': 'setting-changed',
};

type Source = Pick<Recommendation, 'id' | 'kind' | 'sql' | 'target'>;

/** The dataset path of a recommendation's target, canonical (`a."b.c".d`), or null. */
export function targetDatasetPath(rec: Pick<Recommendation, 'target'>): string | null {
  switch (rec.target.kind) {
    case 'dataset':
      return canonicalPath(splitDottedPath(rec.target.path));
    case 'reflection':
      return canonicalPath(splitDottedPath(rec.target.datasetPath));
    case 'fingerprint':
      return rec.target.datasetPath === null ? null : canonicalPath(splitDottedPath(rec.target.datasetPath));
    case 'queue':
      return null;
  }
}

/** What a recommendation changes: the change kind and subject a collection would detect for it. */
export function recommendationChangeKey(rec: Source): { kind: ChangeKind; subject: string } {
  const kind = KIND_OF[rec.kind];
  const path = targetDatasetPath(rec);
  switch (kind) {
    case 'reflection-created': {
      const ddl = rec.sql === null ? undefined : readDdlChange(rec.sql);
      const name = ddl?.reflectionName ?? rec.id;
      return { kind, subject: reflectionSubject(ddl?.datasetPath ?? path ?? '', name) };
    }
    case 'reflection-dropped': {
      const target = rec.target.kind === 'reflection' ? rec.target : undefined;
      const name = target?.reflectionName ?? readDdlChange(rec.sql ?? '')?.reflectionName ?? rec.id;
      return { kind, subject: reflectionSubject(path ?? '', name) };
    }
    case 'query-rewritten':
      return { kind, subject: rec.target.kind === 'fingerprint' ? rec.target.fingerprint : rec.id };
    case 'setting-changed':
      return { kind, subject: rec.id };
    default:
      return { kind, subject: path ?? rec.id };
  }
}

/** The change a recommendation made when the product applied it or the user marked it applied. */
export function changeOfRecommendation(
  rec: Source,
  made: {
    readonly origin: ChangeOrigin;
    readonly effectiveAt: Date;
    readonly jobId: string | null;
    readonly details?: Readonly<Record<string, unknown>>;
  },
): Change {
  const { kind, subject } = recommendationChangeKey(rec);
  const reflectionId = rec.target.kind === 'reflection' ? { reflectionId: rec.target.reflectionId } : {};
  return {
    kind,
    subject,
    datasetPath: targetDatasetPath(rec),
    effectiveFrom: made.effectiveAt,
    effectiveTo: made.effectiveAt,
    origin: made.origin,
    statement: rec.sql,
    jobId: made.jobId,
    recommendationId: rec.id,
    details: { ...reflectionId, ...made.details },
  };
}
