import { asArray, asObject, field } from '../../sql/ast-access.js';

/**
 * The parser's AST carries `span: {start: {line, column}, end}` on identifiers and literals (1-based,
 * columns in characters). These helpers turn them into string offsets so a rewrite can splice the
 * original text and keep every character it does not change.
 */
export interface Extent {
  readonly start: number;
  readonly end: number;
}

function lineStarts(sql: string): number[] {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
  return starts;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

function positionOf(value: unknown): Position | undefined {
  const line = field(value, 'line');
  const column = field(value, 'column');
  return typeof line === 'number' && typeof column === 'number' && line > 0 ? { line, column } : undefined;
}

/** Offsets of every span under the node, widened to one extent; undefined when the node has none. */
export function extentOf(sql: string, node: unknown): Extent | undefined {
  const starts = lineStarts(sql);
  const toOffset = (p: Position) => (starts[p.line - 1] ?? Number.NaN) + p.column - 1;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of asArray(value)) visit(item);
      return;
    }
    const obj = asObject(value);
    if (obj === undefined) return;
    const span = obj.span;
    const from = positionOf(field(span, 'start'));
    const to = positionOf(field(span, 'end'));
    if (from !== undefined && to !== undefined) {
      start = Math.min(start, toOffset(from));
      end = Math.max(end, toOffset(to));
    }
    for (const [key, child] of Object.entries(obj)) if (key !== 'span') visit(child);
  };
  visit(node);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : undefined;
}

export function splice(sql: string, extent: Extent, text: string): string {
  return `${sql.slice(0, extent.start)}${text}${sql.slice(extent.end)}`;
}
