import type { JoinKind, JoinSummary, OperatorSummary } from '../domain/profile-summary.js';
import type { OperatorAccumulator } from './operator-aggregation.js';
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
  accumulators: ReadonlyMap<string, OperatorAccumulator>;
  planByKey: ReadonlyMap<string, PlanNode>;
}): readonly JoinSummary[] {
  const joins: JoinSummary[] = [];
  for (const op of options.operators) {
    const kind = KIND_BY_TYPE.get(op.operatorType);
    if (kind === undefined) continue;
    const attributes = options.planByKey.get(op.key)?.attributes ?? {};
    const probeRecords = op.recordsInByInput[0] ?? 0;
    const [probePerMinor = [], buildPerMinor = []] =
      options.accumulators.get(op.key)?.recordsInByInputPerMinor ?? [];
    const buildBroadcast = isBroadcastBuild({ op, buildPerMinor, planByKey: options.planByKey });
    joins.push({
      key: op.key,
      kind,
      joinType: attributes.joinType ?? 'unknown',
      condition: attributes.condition,
      extraCondition: attributes.extraCondition,
      probeRecords,
      buildRecords: buildBroadcast ? Math.max(...buildPerMinor) : (op.recordsInByInput[1] ?? 0),
      buildBroadcast,
      comparedPairs: probePerMinor.reduce(
        (sum, probe, minor) => sum + probe * (buildPerMinor[minor] ?? 0),
        0,
      ),
      outputRecords: op.recordsOut,
      fanOut: flooredRatio(op.recordsOut, probeRecords),
      processNanos: op.processNanos.sum,
      estimatedRows: op.estimatedRows,
    });
  }
  return joins;
}

// Every minor fragment gets the whole build side when the plan broadcasts it; only without the join in
// the plan is it inferred, from several fragments each receiving the very same (non-zero) build rows.
function isBroadcastBuild(options: {
  op: OperatorSummary;
  buildPerMinor: readonly number[];
  planByKey: ReadonlyMap<string, PlanNode>;
}): boolean {
  const node = options.planByKey.get(options.op.key);
  if (node !== undefined) {
    const buildKey = node.childKeys[1];
    return buildKey !== undefined && /Broadcast/i.test(options.planByKey.get(buildKey)?.name ?? '');
  }
  const [first = 0, ...rest] = options.buildPerMinor;
  return rest.length > 0 && first > 0 && rest.every((n) => n === first);
}
