import type { OperatorSummary, SpillSummary } from '../domain/profile-summary.js';
import { OPERATOR_TYPE } from './operator-types.js';

/**
 * Spill exactly as Dremio's `QueryProfileParser` decides a job `spilled`: HASH_AGGREGATE and
 * EXTERNAL_SORT `TOTAL_SPILLED_DATA_SIZE` plus HASH_JOIN `SPILL_WR_BUILD_BYTES + SPILL_WR_PROBE_BYTES`.
 */
export function summarizeSpill(operators: readonly OperatorSummary[]): SpillSummary {
  let hashAggBytes = 0;
  let sortBytes = 0;
  let hashJoinBytes = 0;
  const operatorKeys: string[] = [];
  for (const op of operators) {
    const m = (name: string) => op.metrics[name] ?? 0;
    let bytes = 0;
    if (op.operatorType === OPERATOR_TYPE.HASH_AGGREGATE) {
      bytes = m('TOTAL_SPILLED_DATA_SIZE');
      hashAggBytes += bytes;
    } else if (op.operatorType === OPERATOR_TYPE.EXTERNAL_SORT) {
      bytes = m('TOTAL_SPILLED_DATA_SIZE');
      sortBytes += bytes;
    } else if (op.operatorType === OPERATOR_TYPE.HASH_JOIN) {
      bytes = m('SPILL_WR_BUILD_BYTES') + m('SPILL_WR_PROBE_BYTES');
      hashJoinBytes += bytes;
    }
    if (bytes > 0) operatorKeys.push(op.key);
  }
  const totalBytes = hashAggBytes + sortBytes + hashJoinBytes;
  return { spilled: totalBytes > 0, hashAggBytes, sortBytes, hashJoinBytes, totalBytes, operatorKeys };
}
