/**
 * Cuts a plan at its exchanges into major fragments and numbers the operators as Dremio does
 * (`MM-OO`: a receiver in the parent, a sender `OO = 00` in the child), so plan text and profile
 * name the same operators. Also derives the execution wall time from the slowest minor of each
 * fragment.
 */
import type { PlanNode } from './plan-node.js';

export const OPERATOR_ROLES = ['operator', 'sender', 'receiver'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface FragmentOperator {
  readonly node: PlanNode;
  readonly role: OperatorRole;
  readonly operatorId: number;
  readonly depth: number;
  /** For receivers: the fragment whose sender feeds it. */
  readonly sourceFragment?: number;
}

export interface Fragment {
  readonly majorId: number;
  readonly weights: readonly number[];
  readonly operators: FragmentOperator[];
}

/** Share of an exchange's work done by the sender; the receiver does the rest. */
export const SENDER_SHARE = 0.75;

export function cutFragments(root: PlanNode): Fragment[] {
  const fragments: Fragment[] = [{ majorId: 0, weights: [1], operators: [] }];
  const visit = (node: PlanNode, fragment: Fragment, depth: number): void => {
    if (node.kind === 'exchange') {
      const child: Fragment = {
        majorId: fragments.length,
        weights: node.spread?.weights ?? [1],
        operators: [],
      };
      fragments.push(child);
      fragment.operators.push({
        node,
        role: 'receiver',
        operatorId: fragment.operators.length,
        depth,
        sourceFragment: child.majorId,
      });
      child.operators.push({ node, role: 'sender', operatorId: 0, depth });
      for (const input of node.children) visit(input, child, depth + 1);
      return;
    }
    fragment.operators.push({ node, role: 'operator', operatorId: fragment.operators.length, depth });
    for (const input of node.children) visit(input, fragment, depth + 1);
  };
  visit(root, fragments[0] as Fragment, 0);
  return fragments;
}

/** The work an operator does in its fragment, split between sender and receiver for exchanges. */
export function operatorWorkNs(op: FragmentOperator): {
  readonly processNs: number;
  readonly waitNs: number;
} {
  if (op.role === 'operator') return { processNs: op.node.processNs, waitNs: op.node.waitNs };
  const share = op.role === 'sender' ? SENDER_SHARE : 1 - SENDER_SHARE;
  return { processNs: Math.round(op.node.processNs * share), waitNs: 0 };
}

export function minorBusyNs(fragment: Fragment): number[] {
  const totalNs = fragment.operators.reduce((sum, op) => {
    const work = operatorWorkNs(op);
    return sum + work.processNs + work.waitNs;
  }, 0);
  return fragment.weights.map((w) => totalNs * w);
}

export const FRAGMENT_SETUP_MS = 3;

/** Execution wall time: fragments run as stages, each as slow as its slowest minor. */
export function executionWallMs(fragments: readonly Fragment[]): number {
  return fragments.reduce((sum, f) => sum + Math.max(...minorBusyNs(f)) / 1e6 + FRAGMENT_SETUP_MS, 0);
}

/** Splits `total` over `weights` so the parts are integers that sum exactly to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const exact = weights.map((w) => total * w);
  const parts = exact.map((x) => Math.floor(x));
  let remainder = Math.round(total - parts.reduce((a, b) => a + b, 0));
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; remainder > 0 && order.length > 0; k = (k + 1) % order.length, remainder--) {
    const slot = order[k] as { i: number };
    parts[slot.i] = (parts[slot.i] ?? 0) + 1;
  }
  return parts;
}
