/**
 * `fragmentProfile`: every major fragment's minors with their operators. Records flow exactly: an
 * operator's input per minor is its child's output on that minor, a receiver's total equals its
 * sender's, and each minor's run time is its weight of the fragment's work, laid out as stages.
 */
import { NODES } from '../actors.js';
import type { Fragment, FragmentOperator } from '../plan/fragments.js';
import { apportion, FRAGMENT_SETUP_MS, minorBusyNs, operatorWorkNs } from '../plan/fragments.js';
import type { PlanNode } from '../plan/plan-node.js';
import { operatorTypeOf } from './operator-kinds.js';
import { operatorMetrics } from './operator-metrics.js';

export interface FragmentTiming {
  readonly executionStartMs: number;
  /** When the root fragment finished (after the client fetched the results). */
  readonly rootEndMs: number;
  readonly clientFetchMs: number;
  /** FragmentState for every minor: 3 FINISHED, 4 CANCELLED, 5 FAILED. */
  readonly minorState: number;
  readonly dremioVersion: string;
}

function endpoint(minor: number): { address: string; fabricPort: number } {
  return { address: NODES.executors[minor % NODES.executors.length] ?? '', fabricPort: NODES.fabricPort };
}

function stream(records: number, rowBytes: number): { records: number; batches: number; size: number } {
  return { records, batches: Math.ceil(records / 4095), size: records * rowBytes };
}

/** Output records per minor for every operator of a fragment, children before parents. */
function outputsPerMinor(fragment: Fragment): Map<FragmentOperator, number[]> {
  const out = new Map<FragmentOperator, number[]>();
  const byNode = new Map<PlanNode, number[]>();
  const ops = [...fragment.operators].sort((a, b) => b.operatorId - a.operatorId);
  for (const op of ops) {
    let records: number[];
    if (op.role === 'sender') records = byNode.get(op.node.children[0] as PlanNode) ?? [];
    else if (op.role === 'receiver' && op.node.exchange === 'broadcast')
      records = fragment.weights.map(() => (op.node.children[0] as PlanNode).outRows);
    else records = apportion(op.node.outRows, fragment.weights);
    out.set(op, records);
    if (op.role !== 'sender') byNode.set(op.node, records);
  }
  return out;
}

/** The plan nodes whose output an operator reads: its children, or the exchange's child for a sender. */
function inputsOf(op: FragmentOperator): PlanNode[] {
  if (op.role === 'sender') return [op.node.children[0] as PlanNode];
  if (op.role === 'receiver') return [op.node];
  return [...op.node.children];
}

export function fragmentProfiles(fragments: readonly Fragment[], timing: FragmentTiming): unknown[] {
  const stageOrder = [...fragments].sort((a, b) => b.majorId - a.majorId);
  const stageStart = new Map<number, number>();
  let cursor = timing.executionStartMs;
  for (const f of stageOrder) {
    stageStart.set(f.majorId, cursor);
    cursor += Math.max(...minorBusyNs(f)) / 1e6 + FRAGMENT_SETUP_MS;
  }
  return fragments.map((fragment) => {
    const outputs = outputsPerMinor(fragment);
    const byNode = new Map<PlanNode, number[]>();
    for (const [op, records] of outputs) if (op.role !== 'sender') byNode.set(op.node, records);
    const busy = minorBusyNs(fragment);
    const minors = fragment.weights.map((weight, m) => {
      const operatorProfile = fragment.operators.map((op) => {
        const { type, subtype } = operatorTypeOf(op);
        const outRecords = outputs.get(op)?.[m] ?? 0;
        const inputs = inputsOf(op).map((node) => {
          const records =
            op.role === 'receiver'
              ? outRecords
              : (byNode.get(node)?.[m] ?? Math.round(node.outRows * weight));
          return stream(records, node.rowBytes);
        });
        const work = operatorWorkNs(op);
        const clientWaitNs = op.node.kind === 'screen' ? timing.clientFetchMs * 1e6 : 0;
        const inputRecords = inputs.reduce((sum, s) => sum + s.records, 0);
        return {
          inputProfile: inputs,
          operatorId: op.operatorId,
          operatorType: type,
          setupNanos: 150_000 + ((op.operatorId * 7919 + m * 104_729) % 2_000_000),
          processNanos: Math.round(work.processNs * weight),
          peakLocalMemoryAllocated: Math.round(op.node.peakMemoryBytes * weight) || 1_000_000,
          metric: operatorMetrics({
            dremioVersion: timing.dremioVersion,
            operatorType: type,
            op,
            minor: {
              share: weight,
              inputRecords,
              outputRecords: outRecords,
              outputBytes: outRecords * op.node.rowBytes,
              minors: fragment.weights.length,
            },
          }),
          waitNanos: Math.round(work.waitNs * weight) + clientWaitNs,
          operatorSubtype: subtype,
          outputRecords: outRecords,
          outputBytes: outRecords * op.node.rowBytes,
        };
      });
      return minorProfile({
        fragment,
        m,
        busyNs: busy[m] ?? 0,
        start: stageStart.get(fragment.majorId) ?? 0,
        timing,
        operatorProfile,
      });
    });
    return {
      majorFragmentId: fragment.majorId,
      minorFragmentProfile: minors,
      nodePhaseProfile: NODES.executors
        .slice(0, Math.min(NODES.executors.length, minors.length))
        .map((address) => ({
          endpoint: { address, fabricPort: NODES.fabricPort },
          maxMemoryUsed: Math.max(1_000_000, ...fragment.operators.map((op) => op.node.peakMemoryBytes)),
        })),
    };
  });
}

function minorProfile(options: {
  fragment: Fragment;
  m: number;
  busyNs: number;
  start: number;
  timing: FragmentTiming;
  operatorProfile: unknown[];
}): unknown {
  const { fragment, m, timing } = options;
  const startTime = Math.round(timing.executionStartMs + (m % 3));
  const runDuration = Math.round(options.busyNs / 1e6);
  const isRoot = fragment.majorId === 0;
  const endTime = isRoot
    ? timing.rootEndMs
    : Math.max(
        startTime + FRAGMENT_SETUP_MS + runDuration,
        Math.round(options.start + FRAGMENT_SETUP_MS + options.busyNs / 1e6),
      );
  const downstream = isRoot ? timing.clientFetchMs : 0;
  const upstream = Math.max(0, endTime - startTime - FRAGMENT_SETUP_MS - runDuration - downstream);
  const memory = fragment.operators.reduce(
    (sum, op) => sum + op.node.peakMemoryBytes * (fragment.weights[m] ?? 0),
    0,
  );
  return {
    state: timing.minorState,
    minorFragmentId: m,
    operatorProfile: options.operatorProfile,
    startTime,
    endTime,
    memoryUsed: 0,
    maxMemoryUsed: Math.round(memory) + 1_000_000,
    endpoint: endpoint(m + fragment.majorId),
    lastUpdate: endTime,
    lastProgress: endTime,
    maxIncomingMemoryUsed: 0,
    sleepingDuration: 0,
    blockedDuration: upstream + downstream,
    firstRun: startTime + FRAGMENT_SETUP_MS,
    runDuration,
    numRuns: Math.max(1, Math.round(runDuration / 5)),
    setupDuration: FRAGMENT_SETUP_MS,
    finishDuration: 1,
    blockedOnUpstreamDuration: upstream,
    blockedOnDownstreamDuration: downstream,
    blockedOnSharedResourceDuration: 0,
    perResourceBlockedDuration: [
      { resource: 'FRAGMENT_ACTIVATE_SIGNAL', category: 2, duration: 0 },
      ...(upstream > 0 ? [{ resource: 'UPSTREAM', category: 0, duration: upstream }] : []),
      ...(downstream > 0 ? [{ resource: 'DOWNSTREAM', category: 1, duration: downstream }] : []),
    ],
  };
}
