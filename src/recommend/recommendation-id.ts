import { createHash } from 'node:crypto';
import type { RecommendationKind, RecommendationTarget } from '../domain/recommendation.js';

export const RECOMMENDATION_ID_PATTERN = /^r[0-9a-f]{15}$/;

export function targetKey(target: RecommendationTarget): string {
  switch (target.kind) {
    case 'dataset':
      return `dataset:${target.path}`;
    case 'reflection':
      return `reflection:${target.reflectionId}`;
    case 'fingerprint':
      return target.concern === undefined
        ? `fingerprint:${target.fingerprint}`
        : `fingerprint:${target.fingerprint}:${target.concern}`;
    case 'queue':
      return target.concern === undefined
        ? `queue:${target.queueName}`
        : `queue:${target.queueName}:${target.concern}`;
  }
}

/**
 * Stable across runs: a hash of the kind and the target, so a reflection recommendation on a dataset
 * keeps its id (and its status) while the columns it covers grow. The `r` prefix tells it from a finding id.
 */
export function recommendationId(kind: RecommendationKind, target: RecommendationTarget): string {
  const hex = createHash('sha256')
    .update(`${kind}\n${targetKey(target)}`)
    .digest('hex');
  return `r${hex.slice(0, 15)}`;
}
