/**
 * Whole-query plan shapes the templates are made of: aggregate, join, nested-loop join, select,
 * sort and reflection refresh. Each returns the plan root and what the scans revealed.
 */
import type { TableColumn } from '../model.js';
import { COST } from './cost-rates.js';
import type { PlanContext } from './plan-context.js';
import { spread } from './plan-context.js';
import type { PlanNode, SpillFacts } from './plan-node.js';
import {
  exchange,
  externalSort,
  hashAgg,
  hashJoin,
  limit,
  makeNode,
  nestedLoopJoin,
  project,
  screen,
  topN,
} from './plan-nodes.js';
import type { ScanRequest, ScanResult } from './scan-chain.js';
import { minorsFor, scanChain } from './scan-chain.js';

export interface BuiltPlan {
  readonly root: PlanNode;
  readonly unprunedPartitionedScan: boolean;
}

function built(root: PlanNode, scans: readonly ScanResult[]): BuiltPlan {
  return { root, unprunedPartitionedScan: scans.some((s) => s.unprunedPartitionedScan) };
}

function outColumns(keys: readonly TableColumn[], measures: readonly string[]): TableColumn[] {
  return [...keys, ...measures.map((name) => ({ name, type: 'DOUBLE' as const }))];
}

export interface AggShape {
  readonly scan: ScanRequest;
  readonly groupKeys: readonly string[];
  readonly measures: readonly string[];
  readonly groups: number;
  /** Groups the per-minor partial aggregation keeps (e.g. distinct pairs for COUNT(DISTINCT)). */
  readonly partialGroups?: number;
  readonly orderLimit?: number;
  readonly spill?: SpillFacts;
  /** Max/median of the scan phase's minor fragments. */
  readonly leafSkew?: number;
  readonly estimateOffBy?: number;
}

export function aggQuery(c: PlanContext, shape: AggShape): BuiltPlan {
  const scan = scanChain(c, shape.scan);
  const leafMinors = minorsFor(c, scan);
  const keys = shape.groupKeys.map(
    (k) => scan.node.columns.find((col) => col.name === k) ?? { name: k, type: 'VARCHAR' as const },
  );
  const columns = outColumns(keys, shape.measures);
  const partial = hashAgg(c, scan.node, {
    groups: Math.min(scan.node.outRows, shape.partialGroups ?? shape.groups * leafMinors),
    keyCount: keys.length,
    measures: shape.measures,
    columns,
  });
  const midMinors = Math.max(1, Math.min(leafMinors, 8));
  const shuffled = exchange(c, 'hash', partial, spread(c, leafMinors, shape.leafSkew));
  const final = hashAgg(c, shuffled, {
    groups: shape.groups,
    keyCount: keys.length,
    measures: shape.measures,
    columns,
    ...(shape.spill ? { spill: shape.spill } : {}),
    ...(shape.estimateOffBy ? { estimateOffBy: shape.estimateOffBy } : {}),
  });
  const gathered = exchange(c, 'union', final, spread(c, midMinors));
  const ordered = shape.orderLimit ? topN(c, gathered, shape.orderLimit) : gathered;
  return built(screen(c, project(c, ordered)), [scan]);
}

export interface JoinShape {
  readonly probe: ScanRequest;
  readonly build: ScanRequest;
  readonly outRows: (probeRows: number, buildRows: number) => number;
  readonly condition: string;
  readonly outColumns: readonly string[];
  readonly agg?: {
    readonly groupKeys: readonly string[];
    readonly measures: readonly string[];
    readonly groups: number;
    readonly nsPerRow?: number;
  };
  readonly joinSkew?: number;
  readonly joinEstimateOffBy?: number;
  readonly joinWorkFactor?: number;
  readonly spill?: SpillFacts;
  readonly orderLimit?: number;
}

export function joinQuery(c: PlanContext, shape: JoinShape): BuiltPlan {
  const probe = scanChain(c, shape.probe);
  const build = scanChain(c, shape.build);
  const probeMinors = minorsFor(c, probe);
  const buildMinors = minorsFor(c, build);
  const joinMinors = Math.max(1, Math.min(c.width, Math.max(probeMinors, buildMinors)));
  const probeIn = exchange(c, 'hash', probe.node, spread(c, probeMinors));
  const buildIn = exchange(c, 'hash', build.node, spread(c, buildMinors));
  const all = [...probe.node.columns, ...build.node.columns];
  const joinCols = shape.outColumns.map(
    (n) => all.find((col) => col.name === n) ?? { name: n, type: 'VARCHAR' as const },
  );
  const joined = hashJoin(c, probeIn, buildIn, {
    outRows: shape.outRows(probe.node.outRows, build.node.outRows),
    condition: shape.condition,
    columns: joinCols,
    ...(shape.spill ? { spill: shape.spill } : {}),
    ...(shape.joinEstimateOffBy ? { estimateOffBy: shape.joinEstimateOffBy } : {}),
    ...(shape.joinWorkFactor ? { workFactor: shape.joinWorkFactor } : {}),
  });
  const top = shape.agg
    ? hashAgg(c, joined, {
        groups: shape.agg.groups,
        keyCount: shape.agg.groupKeys.length,
        measures: shape.agg.measures,
        ...(shape.agg.nsPerRow ? { nsPerRow: shape.agg.nsPerRow } : {}),
        columns: outColumns(
          shape.agg.groupKeys.map(
            (k) => joinCols.find((col) => col.name === k) ?? { name: k, type: 'VARCHAR' },
          ),
          shape.agg.measures,
        ),
      })
    : joined;
  const gathered = exchange(c, 'union', top, spread(c, joinMinors, shape.joinSkew));
  const ordered = shape.orderLimit ? topN(c, gathered, shape.orderLimit) : gathered;
  return built(screen(c, project(c, ordered)), [probe, build]);
}

export interface NestedLoopShape {
  readonly probe: ScanRequest;
  readonly build: ScanRequest;
  readonly matchRate: number;
  readonly condition: string;
}

export function nestedLoopQuery(c: PlanContext, shape: NestedLoopShape): BuiltPlan {
  const probe = scanChain(c, shape.probe);
  const build = scanChain(c, shape.build);
  const probeMinors = minorsFor(c, probe);
  const broadcast = exchange(c, 'broadcast', build.node, spread(c, 1), probeMinors);
  const joined = nestedLoopJoin(c, probe.node, broadcast, {
    outRows: Math.round(probe.node.outRows * shape.matchRate),
    condition: shape.condition,
    columns: [...probe.node.columns, ...build.node.columns],
  });
  const gathered = exchange(c, 'union', joined, spread(c, probeMinors));
  return built(screen(c, project(c, gathered)), [probe, build]);
}

export interface SelectShape {
  readonly scan: ScanRequest;
  readonly limit?: number;
  readonly sort?: { readonly key: number; readonly spill?: SpillFacts };
}

export function selectQuery(c: PlanContext, shape: SelectShape): BuiltPlan {
  const scan = scanChain(c, shape.scan);
  const minors = minorsFor(c, scan);
  let leaf = scan.node;
  if (shape.sort)
    leaf = externalSort(c, leaf, {
      sortKey: shape.sort.key,
      ...(shape.sort.spill ? { spill: shape.sort.spill } : {}),
    });
  if (shape.limit !== undefined) leaf = limit(c, leaf, shape.limit);
  const gathered = exchange(c, shape.sort ? 'merge' : 'union', leaf, spread(c, minors));
  const top = shape.limit !== undefined ? limit(c, gathered, shape.limit) : gathered;
  return built(screen(c, project(c, top)), [scan]);
}

/** A reflection refresh: aggregate or copy the dataset, write the materialization, commit it. */
export function refreshQuery(c: PlanContext, shape: AggShape & { readonly raw: boolean }): BuiltPlan {
  const scan = scanChain(c, shape.scan);
  const minors = minorsFor(c, scan);
  const body = shape.raw
    ? scan.node
    : hashAgg(c, scan.node, {
        groups: shape.groups,
        keyCount: shape.groupKeys.length,
        measures: shape.measures,
        columns: scan.node.columns,
      });
  const writer = makeNode('writer', 'Writer', [body], {
    outRows: minors,
    estRows: minors,
    columns: [
      { name: 'Fragment', type: 'VARCHAR' },
      { name: 'Records', type: 'BIGINT' },
    ],
    processNs: body.outRows * COST.writeNsPerRow,
  });
  const gathered = exchange(c, 'union', writer, spread(c, minors));
  const committer = makeNode('writer-committer', 'WriterCommitter(final=[__accelerator])', [gathered], {
    outRows: minors,
    estRows: minors,
    columns: writer.columns,
    processNs: 40_000_000,
  });
  return built(screen(c, project(c, committer)), [scan]);
}
