import type { operations } from '../../api/openapi-types.js';

type Row = operations['recommendations.get']['responses'][200]['content']['application/json'];

/** The filter choices, checked against the API's types: a misspelt one fails the typecheck. */
export const RECOMMENDATION_KINDS = [
  'create-aggregate-reflection',
  'create-raw-reflection',
  'drop-reflection',
  'refresh-reflection',
  'optimize-table',
  'add-partition-field',
  'rewrite-query',
  'workload-management',
  'cluster-table',
  'set-option',
  'refresh-metadata',
  'metadata-refresh-policy',
  'compute-statistics',
  'adjust-client',
  'flatten-view',
  'reverse-regression',
] as const satisfies readonly Row['kind'][];

export const RECOMMENDATION_STATUSES = [
  'pending',
  'accepted',
  'applied',
  'verified',
  'rejected',
  'dismissed',
  'closed',
] as const satisfies readonly Row['status'][];
