/** Constructors for individual plan operators; each prices its own work with the cost model. */
import type { TableColumn } from '../model.js';
import { COST } from './cost-rates.js';
import type { PlanContext } from './plan-context.js';
import { estimate, rowBytesOf, spillUnlessItFits } from './plan-context.js';
import type { ExchangeKind, FragmentSpread, PlanNode, ScanFacts, SpillFacts } from './plan-node.js';

export interface NodeInit {
  readonly outRows: number;
  readonly estRows: number;
  readonly columns: readonly TableColumn[];
  readonly processNs: number;
  readonly waitNs?: number;
  readonly peakMemoryBytes?: number;
  readonly spill?: SpillFacts;
  readonly exchange?: ExchangeKind;
  readonly spread?: FragmentSpread;
  readonly scan?: ScanFacts;
}

/** One object literal with every key, so all plan nodes share a shape (fast to build and read). */
export function makeNode(
  kind: PlanNode['kind'],
  text: string | (() => string),
  children: readonly PlanNode[],
  init: NodeInit,
): PlanNode {
  const rowBytes = rowBytesOf(init.columns);
  return {
    kind,
    text: typeof text === 'string' ? () => text : text,
    children,
    columns: init.columns,
    outRows: Math.round(init.outRows),
    estRows: init.estRows,
    rowBytes,
    processNs: Math.round(init.processNs),
    waitNs: Math.round(init.waitNs ?? 0),
    peakMemoryBytes: Math.round(init.peakMemoryBytes ?? Math.min(64 << 20, 1_000_000 + init.outRows * 2)),
    exchange: init.exchange,
    spread: init.spread,
    scan: init.scan,
    spill: init.spill,
  };
}

export function exchange(
  c: PlanContext,
  kind: ExchangeKind,
  child: PlanNode,
  childSpread: FragmentSpread,
  /** Receiving minor fragments; a broadcast sends every row to each of them. */
  receivers = 1,
): PlanNode {
  const text =
    kind === 'hash'
      ? 'HashToRandomExchange(dist0=[[$0]])'
      : kind === 'broadcast'
        ? 'BroadcastExchange'
        : kind === 'round-robin'
          ? 'RoundRobinExchange'
          : kind === 'merge'
            ? 'SingleMergeExchange(sort0=[$1], dir0=[DESC])'
            : 'UnionExchange';
  const fanOut = kind === 'broadcast' ? receivers : 1;
  return makeNode('exchange', text, [child], {
    outRows: child.outRows * fanOut,
    estRows: estimate(c, child.outRows * fanOut),
    columns: child.columns,
    processNs: child.outRows * (COST.sendNsPerRow + COST.receiveNsPerRow) * fanOut,
    exchange: kind,
    spread: childSpread,
  });
}

export function project(c: PlanContext, child: PlanNode, columns?: readonly TableColumn[]): PlanNode {
  const cols = columns ?? child.columns;
  const text = () => `Project(${cols.map((col, i) => `${col.name}=[$${i}]`).join(', ')})`;
  return makeNode('project', text, [child], {
    outRows: child.outRows,
    estRows: estimate(c, child.outRows),
    columns: cols,
    processNs: child.outRows * COST.projectNsPerRow,
  });
}

export function screen(c: PlanContext, child: PlanNode): PlanNode {
  return makeNode('screen', 'Screen', [child], {
    outRows: child.outRows,
    estRows: estimate(c, child.outRows),
    columns: child.columns,
    processNs: child.outRows * COST.screenNsPerRow + 50_000,
  });
}

export function filter(
  c: PlanContext,
  child: PlanNode,
  opts: { readonly condition: string; readonly selectivity: number; readonly estimateOffBy?: number },
): PlanNode {
  const outRows = Math.round(child.outRows * opts.selectivity);
  return makeNode('filter', () => `Filter(condition=[${opts.condition}])`, [child], {
    outRows,
    estRows: estimate(c, outRows, opts.estimateOffBy),
    columns: child.columns,
    processNs: child.outRows * COST.filterNsPerRow,
  });
}

export interface AggInit {
  readonly groups: number;
  readonly keyCount: number;
  readonly measures: readonly string[];
  readonly columns: readonly TableColumn[];
  readonly spill?: SpillFacts;
  readonly estimateOffBy?: number;
  /** Cheaper than the default for tiny group tables (a COUNT per store fits in cache). */
  readonly nsPerRow?: number;
}

export function hashAgg(c: PlanContext, child: PlanNode, init: AggInit): PlanNode {
  const text = (): string => {
    const keys = Array.from({ length: init.keyCount }, (_, i) => i).join(', ');
    const measures = init.measures.map((m, i) => `${m}=[SUM($${init.keyCount + i})]`).join(', ');
    return `HashAgg(group=[{${keys}}]${measures ? `, ${measures}` : ''})`;
  };
  const outRows = Math.min(child.outRows, init.groups);
  const peakMemoryBytes = Math.min(2 ** 31, 4_000_000 + outRows * 64);
  const spill = spillUnlessItFits(c, init.spill, peakMemoryBytes);
  const spillNs = (spill?.spilledBytes ?? 0) * COST.spillNsPerByte;
  return makeNode('hash-agg', text, [child], {
    outRows,
    estRows: estimate(c, outRows, init.estimateOffBy),
    columns: init.columns,
    processNs: child.outRows * (init.nsPerRow ?? COST.aggNsPerRow) + spillNs,
    peakMemoryBytes,
    spill,
  });
}

export interface JoinInit {
  readonly outRows: number;
  readonly condition: string;
  readonly columns: readonly TableColumn[];
  readonly spill?: SpillFacts;
  readonly estimateOffBy?: number;
  /** Extra work when the planner built the hash table on the wrong (big) side. */
  readonly workFactor?: number;
}

export function hashJoin(c: PlanContext, probe: PlanNode, build: PlanNode, init: JoinInit): PlanNode {
  const peakMemoryBytes = Math.min(2 ** 32, 8_000_000 + build.outRows * 48);
  const spill = spillUnlessItFits(c, init.spill, peakMemoryBytes);
  const spillNs = (spill?.spilledBytes ?? 0) * COST.spillNsPerByte;
  return makeNode('hash-join', `HashJoin(condition=[${init.condition}], joinType=[inner])`, [probe, build], {
    outRows: init.outRows,
    estRows: estimate(c, init.outRows, init.estimateOffBy),
    columns: init.columns,
    processNs:
      ((probe.outRows + build.outRows) * COST.joinNsPerInputRow + init.outRows * COST.joinNsPerOutputRow) *
        (init.workFactor ?? 1) +
      spillNs,
    peakMemoryBytes,
    spill,
  });
}

export function nestedLoopJoin(c: PlanContext, probe: PlanNode, build: PlanNode, init: JoinInit): PlanNode {
  return makeNode(
    'nested-loop-join',
    `NestedLoopJoin(condition=[${init.condition}], joinType=[inner])`,
    [probe, build],
    {
      outRows: init.outRows,
      estRows: estimate(c, init.outRows),
      columns: init.columns,
      processNs: probe.outRows * build.outRows * COST.nljNsPerPair + init.outRows * COST.joinNsPerOutputRow,
      peakMemoryBytes: 16_000_000 + build.outRows * 64,
    },
  );
}

export function externalSort(
  c: PlanContext,
  child: PlanNode,
  init: { readonly sortKey: number; readonly spill?: SpillFacts },
): PlanNode {
  const n = Math.max(2, child.outRows);
  const peakMemoryBytes = Math.min(2 ** 31, 8_000_000 + child.outRows * child.rowBytes);
  const spill = spillUnlessItFits(c, init.spill, peakMemoryBytes);
  const spillNs = (spill?.spilledBytes ?? 0) * COST.spillNsPerByte;
  return makeNode('external-sort', `Sort(sort0=[$${init.sortKey}], dir0=[DESC])`, [child], {
    outRows: child.outRows,
    estRows: estimate(c, child.outRows),
    columns: child.columns,
    processNs: n * Math.log2(n) * COST.sortNsPerRowLog + spillNs,
    peakMemoryBytes,
    spill,
  });
}

export function topN(c: PlanContext, child: PlanNode, limit: number): PlanNode {
  const outRows = Math.min(limit, child.outRows);
  return makeNode('top-n', `TopN(limit=[${limit}])`, [child], {
    outRows,
    estRows: estimate(c, outRows),
    columns: child.columns,
    processNs: child.outRows * COST.topNNsPerRow,
  });
}

export function limit(c: PlanContext, child: PlanNode, fetch: number): PlanNode {
  const outRows = Math.min(fetch, child.outRows);
  return makeNode('limit', `Limit(offset=[0], fetch=[${fetch}])`, [child], {
    outRows,
    estRows: Math.min(fetch, estimate(c, child.outRows)),
    columns: child.columns,
    processNs: outRows * COST.projectNsPerRow,
  });
}
