// The builders each detector's findings go through; a finding kind with no builder gets no advice,
// which the acceptance test on the simulator's worlds refuses.
import type { DetectorId } from '../../domain/detector-id.js';
import type { RecommendationBuilder } from '../draft.js';
import { buildReflections } from './create-reflection.js';
import { buildDrops, buildRefreshes } from './reflection-maintenance.js';
import { buildStarRewrites } from './rewrite-query.js';
import { buildOptimizes, buildPartitionFields } from './table-layout.js';
import { buildQueueChanges } from './workload-management.js';

export const BUILDERS: Readonly<Record<DetectorId, readonly RecommendationBuilder[]>> = {
  'partition-pruning': [buildPartitionFields, buildReflections],
  'reflection-missing': [buildReflections],
  'reflection-unused': [buildDrops],
  'reflection-failing': [buildRefreshes],
  'join-fanout': [],
  'select-star': [buildStarRewrites],
  'small-files': [buildOptimizes],
  regression: [],
  spill: [buildReflections],
  skew: [],
  'queue-wait': [buildQueueChanges],
  'planning-time': [],
  'row-estimate': [],
  'client-blocking': [buildReflections],
  'nested-loop-join': [],
};
