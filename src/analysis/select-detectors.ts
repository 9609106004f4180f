import { DETECTOR_IDS, type DetectorId } from '../domain/detector-id.js';
import { InputError } from '../errors.js';
import type { Detector } from './detector.js';

export type DetectorRegistry = Readonly<Partial<Record<DetectorId, Detector>>>;

/**
 * The registered detectors to run, in the public id order: all of them, or only `ids` (`--detector`).
 * Asking for one that is not registered is an input error rather than a silent empty run.
 */
export function selectDetectors(registry: DetectorRegistry, ids?: readonly DetectorId[]): Detector[] {
  const wanted = ids === undefined || ids.length === 0 ? DETECTOR_IDS : ids;
  const missing = wanted.filter((id) => registry[id] === undefined);
  if (ids !== undefined && missing.length > 0) {
    throw new InputError(`detector ${missing.join(', ')} is not available in this build`, {
      code: 'DETECTOR_UNAVAILABLE',
      hint: `available: ${DETECTOR_IDS.filter((id) => registry[id] !== undefined).join(', ') || 'none'}`,
    });
  }
  return DETECTOR_IDS.filter((id) => wanted.includes(id)).flatMap((id) => {
    const detector = registry[id];
    return detector === undefined ? [] : [detector];
  });
}
