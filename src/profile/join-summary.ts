import type { JoinKind, JoinSummary, OperatorSummary } from '../domain/profile-summary.js';
import { OPERATOR_TYPE } from './operator-types.js';
import type { PlanNode } from './plan-text.js';
import { flooredRatio } from './spread-stats.js';

const KIND_BY_TYPE: ReadonlyMap<number, JoinKind> = new Map([
  [OPERATOR_TYPE.HASH_JOIN, 'hash'],
  [OPERATOR_TYPE.MERGE_JOIN, 'merge'],
  [OPERATOR_TYPE.NESTED_LOOP_JOIN, 'nested-loop'],
]);

/**
 * Every join with its condition and sizes. Input stream 0 is the left (probe) side and 1 the right
 * (build) side, as Dremio's join operators number them.
 */
export function summarizeJoins(options: {
  operators: readonly OperatorSummary[];
  planByKey: ReadonlyMap<string, PlanNode>;
}): readonly JoinSummary[] {
  const joins: JoinSummary[] = [];
  for (const op of options.operators) {
    const kind = KIND_BY_TYPE.get(op.operatorType);
    if (kind === undefined) continue;
    const attributes = options.planByKey.get(op.key)?.attributes ?? {};
    const probeRecords = op.recordsInByInput[0] ?? 0;
    joins.push({
      key: op.key,
      kind,
      joinType: attributes.joinType ?? 'unknown',
      condition: attributes.condition,
      extraCondition: attributes.extraCondition,
      probeRecords,
      buildRecords: op.recordsInByInput[1] ?? 0,
      outputRecords: op.recordsOut,
      fanOut: flooredRatio(op.recordsOut, probeRecords),
      processNanos: op.processNanos.sum,
      estimatedRows: op.estimatedRows,
    });
  }
  return joins;
}
