import { OPERATOR_TYPE } from './operator-types.js';
import { asArray, asNumber, asObject } from './raw-access.js';

/**
 * The metric-id layout a profile with neither `dremioVersion` nor `operatorTypeMetricsMap` was written
 * with, read from the metrics themselves, as a version string for the per-release tables; undefined
 * when nothing tells. Assuming the newest layout is what named a 21.x hash join's UNMATCHED_PROBE_COUNT
 * as its output (dremio-oss's own `skewness_profile.json`).
 *
 * The clues are per-minor flags that must be 0 or 1: HashJoin id 0 is IS_SPILLING from 25.1 and
 * NUM_BUCKETS before it; VECTORIZED is id 9 before 25.1, 10 in 25.1 and 8 from 25.2. An unordered
 * receiver's metric list gained BATCHES_RECEIVED (id 1, pushing NUM_SENDERS to 2) in 24.0.
 */
export function inferMetricLayout(fragmentProfile: unknown): string | undefined {
  const joins: Map<number, number>[] = [];
  let receiverMaxId = -1;
  for (const major of asArray(fragmentProfile)) {
    for (const minor of asArray(asObject(major).minorFragmentProfile)) {
      for (const raw of asArray(asObject(minor).operatorProfile)) {
        const op = asObject(raw);
        const metrics = new Map(
          asArray(op.metric).map((m) => [asNumber(asObject(m).metricId), asNumber(asObject(m).longValue)]),
        );
        if (asNumber(op.operatorType) === OPERATOR_TYPE.HASH_JOIN && metrics.size > 0) joins.push(metrics);
        if (asNumber(op.operatorType) === OPERATOR_TYPE.UNORDERED_RECEIVER) {
          receiverMaxId = Math.max(receiverMaxId, ...metrics.keys());
        }
      }
    }
  }
  const isFlag = (id: number) => joins.every((m) => (m.get(id) ?? 0) <= 1);
  const anyAboveOne = (id: number) => joins.some((m) => (m.get(id) ?? 0) > 1);
  if (joins.length > 0 && anyAboveOne(0)) return receiverMaxId === 1 ? '21.0.0' : '24.0.0';
  if (joins.length > 0 && isFlag(0)) {
    if (isFlag(10) && anyAboveOne(8)) return '25.1.0';
    if (isFlag(8) && anyAboveOne(10)) return '25.2.0';
  }
  if (receiverMaxId === 1) return '21.0.0';
  return undefined;
}
