// The detector registry: one line per detector, keyed by its public id (style.md §5). The analysis
// service runs what is registered here; nothing is loaded by file name.
import type { DetectorId } from '../../domain/detector-id.js';
import type { Detector } from '../detector.js';
import { clientBlockingDetector } from './client-blocking.js';
import { joinFanoutDetector } from './join-fanout.js';
import { metadataRetrievalDetector } from './metadata-retrieval.js';
import { nestedLoopJoinDetector } from './nested-loop-join.js';
import { partitionPruningDetector } from './partition-pruning.js';
import { planningTimeDetector } from './planning-time.js';
import { queueWaitDetector } from './queue-wait.js';
import { reflectionFailingDetector } from './reflection-failing.js';
import { reflectionMissingDetector } from './reflection-missing.js';
import { reflectionUnusedDetector } from './reflection-unused.js';
import { regressionDetector } from './regression.js';
import { rowEstimateDetector } from './row-estimate.js';
import { selectStarDetector } from './select-star.js';
import { skewDetector } from './skew.js';
import { smallFilesDetector } from './small-files.js';
import { spillDetector } from './spill.js';

/** Every detector by id: a total record, so a new id will not compile until it is registered here. */
export const DETECTORS: Readonly<Record<DetectorId, Detector>> = {
  'partition-pruning': partitionPruningDetector,
  'join-fanout': joinFanoutDetector,
  spill: spillDetector,
  skew: skewDetector,
  'queue-wait': queueWaitDetector,
  'planning-time': planningTimeDetector,
  'row-estimate': rowEstimateDetector,
  'client-blocking': clientBlockingDetector,
  'nested-loop-join': nestedLoopJoinDetector,
  'select-star': selectStarDetector,
  'reflection-missing': reflectionMissingDetector,
  'reflection-unused': reflectionUnusedDetector,
  'reflection-failing': reflectionFailingDetector,
  'small-files': smallFilesDetector,
  regression: regressionDetector,
  'metadata-retrieval': metadataRetrievalDetector,
};
