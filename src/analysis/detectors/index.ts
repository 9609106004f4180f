// The detector registry: one line per detector, keyed by its public id (style.md §5). The analysis
// service runs what is registered here; nothing is loaded by file name.
import type { DetectorId } from '../../domain/detector-id.js';
import type { Detector } from '../detector.js';

/**
 * Every detector by id. Partial while the detectors land one by one (issue 6); it becomes a total
 * `Record<DetectorId, Detector>` once all fifteen are registered, so a new id will not compile unhandled.
 */
export const DETECTORS: Readonly<Partial<Record<DetectorId, Detector>>> = {};
