/**
 * Renders the plan in Dremio's text form: `MM-OO` ids, two spaces of indent per level, and each
 * operator's rowType, `rowcount` estimate and cumulative cost, as in the `plan` field of a profile.
 */
import type { TableColumn } from '../model.js';
import type { Fragment } from '../plan/fragments.js';
import type { PlanNode } from '../plan/plan-node.js';

const SQL_TYPES: Readonly<Record<TableColumn['type'], string>> = {
  VARCHAR: 'VARCHAR(65536)',
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL(38, 2)',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP(3)',
};

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Operator label (`01-03`) for each node; an exchange is named by its receiver. */
export function operatorLabels(fragments: readonly Fragment[]): Map<PlanNode, string> {
  const labels = new Map<PlanNode, string>();
  for (const fragment of fragments) {
    for (const op of fragment.operators) {
      if (op.role !== 'sender') labels.set(op.node, `${two(fragment.majorId)}-${two(op.operatorId)}`);
    }
  }
  return labels;
}

function decimal(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export function renderPlanText(root: PlanNode, fragments: readonly Fragment[]): string {
  const labels = operatorLabels(fragments);
  const lines: string[] = [];
  let nextId = 1000 + countNodes(root);
  const visit = (node: PlanNode, depth: number): { rows: number; cpu: number; io: number } => {
    const index = lines.length;
    lines.push('');
    let rows = node.estRows;
    let cpu = node.estRows * (1 + node.columns.length);
    let io = node.scan ? node.scan.bytesRead / 1024 : 0;
    for (const child of node.children) {
      const sub = visit(child, depth + 1);
      rows += sub.rows;
      cpu += sub.cpu;
      io += sub.io;
    }
    const rowType = node.columns.map((c) => `${SQL_TYPES[c.type]} ${c.name}`).join(', ');
    const network = node.kind === 'exchange' ? node.estRows * node.rowBytes : 0;
    lines[index] =
      `${labels.get(node) ?? '00-00'}${' '.repeat(4 + 2 * depth)}${node.text()} : rowType = RecordType(${rowType}): ` +
      `rowcount = ${decimal(node.estRows)}, cumulative cost = {${decimal(rows)} rows, ${decimal(Math.round(cpu))} cpu, ` +
      `${decimal(Math.round(io))} io, ${decimal(network)} network, ${decimal(node.peakMemoryBytes / 1024)} memory}, id = ${nextId--}`;
    return { rows, cpu, io };
  };
  visit(root, 0);
  return `${lines.join('\n')}\n`;
}

function countNodes(node: PlanNode): number {
  return 1 + node.children.reduce((sum, child) => sum + countNodes(child), 0);
}
