// One builder per detector whose findings a concrete change fixes; null where no change of ours can
// (a regression or skew needs a person to look, and the finding says so).
import type { DetectorId } from '../../domain/detector-id.js';
import type { RecommendationBuilder } from '../draft.js';
import { buildReflections } from './create-reflection.js';
import { buildDrops, buildRefreshes } from './reflection-maintenance.js';
import { buildStarRewrites } from './rewrite-query.js';
import { buildOptimizes, buildPartitionFields } from './table-layout.js';
import { buildQueueChanges } from './workload-management.js';

export const BUILDERS: Readonly<Record<DetectorId, RecommendationBuilder | null>> = {
  'partition-pruning': buildPartitionFields,
  'reflection-missing': buildReflections,
  'reflection-unused': buildDrops,
  'reflection-failing': buildRefreshes,
  'join-fanout': null,
  'select-star': buildStarRewrites,
  'small-files': buildOptimizes,
  regression: null,
  spill: null,
  skew: null,
  'queue-wait': buildQueueChanges,
  'planning-time': null,
  'row-estimate': null,
  'client-blocking': null,
  'nested-loop-join': null,
};
