// The builders each detector's findings go through; a finding kind with no builder gets no advice,
// which the acceptance test on the simulator's worlds refuses.
import type { DetectorId } from '../../domain/detector-id.js';
import type { RecommendationBuilder } from '../draft.js';
import { buildClientFetchChanges } from './client-fetch.js';
import { buildStatistics } from './compute-statistics.js';
import { buildReflections } from './create-reflection.js';
import { buildJoinFanoutFixes } from './join-fanout-fix.js';
import { buildMetadataRefreshes } from './metadata-refresh.js';
import { buildNestedLoopFixes } from './nested-loop-join-fix.js';
import { buildPartitionFilterAdvice } from './partition-filter-advice.js';
import { buildPartitionPredicateRewrites } from './partition-predicate.js';
import { buildPlanningAdvice } from './planning-advice.js';
import { buildDrops, buildRefreshes } from './reflection-maintenance.js';
import { buildRegressionReversals } from './reverse-regression.js';
import { buildStarRewrites } from './rewrite-query.js';
import { buildSkewChanges } from './skew-key.js';
import { buildSpillMemory } from './spill-memory.js';
import { buildOptimizes, buildPartitionFields } from './table-layout.js';
import { buildQueueChanges } from './workload-management.js';

export const BUILDERS: Readonly<Record<DetectorId, readonly RecommendationBuilder[]>> = {
  'partition-pruning': [
    buildPartitionFields,
    buildPartitionPredicateRewrites,
    buildPartitionFilterAdvice,
    buildReflections,
  ],
  'reflection-missing': [buildReflections],
  'reflection-unused': [buildDrops],
  'reflection-failing': [buildRefreshes],
  'join-fanout': [buildJoinFanoutFixes],
  'select-star': [buildStarRewrites],
  'small-files': [buildOptimizes],
  regression: [buildRegressionReversals],
  spill: [buildSpillMemory, buildReflections],
  skew: [buildSkewChanges],
  'queue-wait': [buildQueueChanges],
  'planning-time': [buildPlanningAdvice, buildReflections],
  'row-estimate': [buildStatistics],
  'client-blocking': [buildClientFetchChanges, buildReflections],
  'nested-loop-join': [buildNestedLoopFixes],
  'metadata-retrieval': [buildMetadataRefreshes],
};
