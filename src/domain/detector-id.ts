/** The public ids of the analysis detectors; the simulator's ground-truth labels use the same names. */
export const DETECTOR_IDS = [
  'partition-pruning',
  'reflection-missing',
  'reflection-unused',
  'reflection-failing',
  'join-fanout',
  'select-star',
  'small-files',
  'regression',
  'spill',
  'skew',
  'queue-wait',
  'planning-time',
  'row-estimate',
  'client-blocking',
  'nested-loop-join',
  'metadata-retrieval',
] as const;

export type DetectorId = (typeof DETECTOR_IDS)[number];

export function isDetectorId(value: string): value is DetectorId {
  return (DETECTOR_IDS as readonly string[]).includes(value);
}
