// The detector registry: one line per detector, keyed by its public id (style.md §5). The analysis
// service runs what is registered here; nothing is loaded by file name.
import type { DetectorId } from '../../domain/detector-id.js';
import type { Detector } from '../detector.js';
import { clientBlockingDetector } from './client-blocking.js';
import { joinFanoutDetector } from './join-fanout.js';
import { nestedLoopJoinDetector } from './nested-loop-join.js';
import { partitionPruningDetector } from './partition-pruning.js';
import { planningTimeDetector } from './planning-time.js';
import { queueWaitDetector } from './queue-wait.js';
import { rowEstimateDetector } from './row-estimate.js';
import { skewDetector } from './skew.js';
import { spillDetector } from './spill.js';

/**
 * Every detector by id. Partial while the detectors land one by one (issue 6); it becomes a total
 * `Record<DetectorId, Detector>` once all fifteen are registered, so a new id will not compile unhandled.
 */
export const DETECTORS: Readonly<Partial<Record<DetectorId, Detector>>> = {
  'partition-pruning': partitionPruningDetector,
  'join-fanout': joinFanoutDetector,
  spill: spillDetector,
  skew: skewDetector,
  'queue-wait': queueWaitDetector,
  'planning-time': planningTimeDetector,
  'row-estimate': rowEstimateDetector,
  'client-blocking': clientBlockingDetector,
  'nested-loop-join': nestedLoopJoinDetector,
};
