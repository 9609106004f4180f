import type { OperatorSummary } from '../domain/profile-summary.js';
import type { OperatorAccumulator } from './operator-aggregation.js';
import { isScanOperator, OPERATOR_TYPE } from './operator-types.js';
import type { PlanNode } from './plan-text.js';

// Senders, receivers and Screen emit exactly the rows they take in.
const PASS_THROUGH_TYPES: ReadonlySet<number> = new Set([0, 1, 6, 8, 9, 11, 12, 13, 50, 60, 61]);

type RecordsOut = Pick<OperatorSummary, 'recordsOut' | 'recordsOutSource'>;

/**
 * Rows an operator produced. Newer profiles say so (`outputRecords`); 21.x profiles do not, so the
 * value is read from the stream the parent operator received (the plan tree gives the parent, and
 * the child's position among its siblings gives the parent's input index). A parent in another
 * fragment sits behind an exchange, so the fragment's sender (`MM-00`) input is used instead.
 */
export function deriveRecordsOut(options: {
  acc: OperatorAccumulator;
  byKey: ReadonlyMap<string, OperatorAccumulator>;
  planByKey: ReadonlyMap<string, PlanNode>;
}): RecordsOut {
  const { acc } = options;
  if (acc.outputRecords !== undefined) return { recordsOut: acc.outputRecords, recordsOutSource: 'profile' };
  const joinOutput =
    acc.operatorType === OPERATOR_TYPE.HASH_JOIN ? acc.metrics.get('OUTPUT_RECORDS') : undefined;
  if (joinOutput !== undefined) return { recordsOut: joinOutput, recordsOutSource: 'join-metric' };
  const ownInput = acc.recordsInByInput.reduce((a, b) => a + (b ?? 0), 0);
  // Scans, table functions included, count the rows they produce in their own inputProfile
  // (Dremio's skewness_profile.json: a DATA_FILE_SCAN's input equals the join's probe input).
  const passesThrough = PASS_THROUGH_TYPES.has(acc.operatorType) || isScanOperator(acc.operatorType);
  if (passesThrough) return { recordsOut: ownInput, recordsOutSource: 'own-input' };
  const fromParent = parentInput(options);
  if (fromParent !== undefined) return { recordsOut: fromParent, recordsOutSource: 'parent-input' };
  return { recordsOut: 0, recordsOutSource: 'unknown' };
}

function parentInput(options: {
  acc: OperatorAccumulator;
  byKey: ReadonlyMap<string, OperatorAccumulator>;
  planByKey: ReadonlyMap<string, PlanNode>;
}): number | undefined {
  const node = options.planByKey.get(options.acc.key);
  if (node?.parentKey === undefined) return undefined;
  const parentNode = options.planByKey.get(node.parentKey);
  if (parentNode === undefined) return undefined;
  if (parentNode.majorFragmentId !== node.majorFragmentId) {
    const sender = options.byKey.get(`${node.key.slice(0, node.key.indexOf('-'))}-00`);
    if (sender === undefined || sender.key === options.acc.key) return undefined;
    return sender.recordsInByInput[0];
  }
  const parent = options.byKey.get(parentNode.key);
  const inputIndex = parentNode.childKeys.indexOf(node.key);
  if (parent === undefined || inputIndex < 0) return undefined;
  return parent.recordsInByInput[inputIndex];
}
