/** The `operatorType` / `operatorSubtype` numbers each simulated operator carries in a profile. */
import type { FragmentOperator } from '../plan/fragments.js';
import type { OpKind } from '../plan/plan-node.js';

/** TableFunctionConfig.FunctionType ordinals, stable from 24.3 to 25.2 up to 23. */
const SUBTYPE = { splitGen: 2, dataFileScan: 3, manifestList: 20 } as const;

const OPERATOR_TYPES: Readonly<Record<Exclude<OpKind, 'exchange'>, number>> = {
  screen: 13,
  project: 10,
  filter: 2,
  'hash-agg': 3,
  'hash-join': 4,
  'nested-loop-join': 35,
  'external-sort': 17,
  'top-n': 16,
  limit: 7,
  'data-file-scan': 53,
  'split-gen': 53,
  'manifest-list': 53,
  writer: 25,
  'writer-committer': 49,
};

export function operatorTypeOf(op: FragmentOperator): { readonly type: number; readonly subtype: number } {
  const node = op.node;
  if (node.kind === 'exchange') {
    if (op.role === 'receiver') return { type: node.exchange === 'merge' ? 8 : 11, subtype: 0 };
    const sender = { union: 0, merge: 0, hash: 6, broadcast: 1, 'round-robin': 50 } as const;
    return { type: sender[node.exchange ?? 'union'], subtype: 0 };
  }
  const subtype =
    node.kind === 'data-file-scan'
      ? SUBTYPE.dataFileScan
      : node.kind === 'split-gen'
        ? SUBTYPE.splitGen
        : node.kind === 'manifest-list'
          ? SUBTYPE.manifestList
          : 0;
  return { type: OPERATOR_TYPES[node.kind], subtype };
}
