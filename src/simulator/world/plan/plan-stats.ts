/** Job-level totals read off a plan, so the job row always agrees with the profile. */
import type { PlanNode } from './plan-node.js';

export const SCAN_KINDS: ReadonlySet<PlanNode['kind']> = new Set([
  'data-file-scan',
  'split-gen',
  'manifest-list',
]);

export function walkPlan(root: PlanNode, visit: (node: PlanNode) => void): void {
  visit(root);
  for (const child of root.children) walkPlan(child, visit);
}

export interface PlanTotals {
  /** Output records of every scan-class operator (data files, split generation, manifest list). */
  readonly rowsScanned: number;
  readonly bytesScanned: number;
  readonly processNs: number;
  readonly peakMemoryBytes: number;
  /** Planner cost: Σ estimated rows × row width factor, like Calcite's cumulative cost. */
  readonly plannerCost: number;
  readonly scannedDatasets: readonly string[];
}

export function planTotals(root: PlanNode): PlanTotals {
  let rowsScanned = 0;
  let bytesScanned = 0;
  let processNs = 0;
  let peakMemoryBytes = 0;
  let plannerCost = 0;
  const scanned: string[] = [];
  walkPlan(root, (node) => {
    if (SCAN_KINDS.has(node.kind)) rowsScanned += node.outRows;
    if (node.scan) {
      bytesScanned += node.scan.bytesRead;
      if (!scanned.includes(node.scan.datasetPath)) scanned.push(node.scan.datasetPath);
    }
    processNs += node.processNs;
    peakMemoryBytes += node.peakMemoryBytes;
    plannerCost += node.estRows * (1 + node.rowBytes / 64);
  });
  return { rowsScanned, bytesScanned, processNs, peakMemoryBytes, plannerCost, scannedDatasets: scanned };
}

/** A copy of `node` with new numbers, built as one literal so every node keeps the same shape. */
function rebuilt(
  node: PlanNode,
  changes: { outRows: number; processNs: number; waitNs: number; children: readonly PlanNode[] },
): PlanNode {
  return {
    kind: node.kind,
    text: node.text,
    children: changes.children,
    columns: node.columns,
    outRows: changes.outRows,
    estRows: node.estRows,
    rowBytes: node.rowBytes,
    processNs: changes.processNs,
    waitNs: changes.waitNs,
    peakMemoryBytes: node.peakMemoryBytes,
    exchange: node.exchange,
    spread: node.spread,
    scan: node.scan,
    spill: node.spill,
  };
}

/** Multiplies every operator's time (run-to-run load, the regression template after its day). */
export function scalePlanTime(root: PlanNode, factor: number): PlanNode {
  if (factor === 1) return root;
  return rebuilt(root, {
    outRows: root.outRows,
    processNs: Math.round(root.processNs * factor),
    waitNs: Math.round(root.waitNs * factor),
    children: root.children.map((child) => scalePlanTime(child, factor)),
  });
}

/** Scales rows and time to the fraction of work a failed or cancelled job got through. */
export function truncatePlan(root: PlanNode, fraction: number): PlanNode {
  const node = rebuilt(root, {
    outRows: Math.round(root.outRows * fraction),
    processNs: Math.round(root.processNs * fraction),
    waitNs: Math.round(root.waitNs * fraction),
    children: root.children.map((child) => truncatePlan(child, fraction)),
  });
  return node.scan
    ? { ...node, scan: { ...node.scan, bytesRead: Math.round(node.scan.bytesRead * fraction) } }
    : node;
}
