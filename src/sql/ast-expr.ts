import { asArray, asObject, asString, field, objectNameParts, variant } from './ast-access.js';

/** Callbacks for `walkExpr`; each is optional, so a pure column search passes only `column`. */
export interface ExprHooks {
  readonly column?: (parts: readonly string[]) => void;
  readonly subquery?: (query: unknown) => void;
  /** Called for every function call before its arguments are walked. */
  readonly call?: (name: string, body: unknown) => void;
}

/** Keys that hold names, types or positions, never column references. */
const SKIPPED_KEYS = new Set(['span', 'alias', 'data_type', 'name', 'options', 'leading_field', 'field']);

function walkObject(node: unknown, hooks: ExprHooks): void {
  if (Array.isArray(node)) {
    for (const item of node) walkExpr(item, hooks);
    return;
  }
  const obj = asObject(node);
  if (obj === undefined) return;
  for (const [key, value] of Object.entries(obj)) if (!SKIPPED_KEYS.has(key)) walkExpr(value, hooks);
}

/** Upper-cased last part of a Function node's name. */
export function functionName(body: unknown): string {
  const parts = objectNameParts(field(body, 'name'));
  return (parts[parts.length - 1] ?? '').toUpperCase();
}

/**
 * Walks an expression, reporting column references, subqueries and function calls. Does not descend into
 * subqueries: the caller decides whether to visit them in a new scope.
 */
export function walkExpr(node: unknown, hooks: ExprHooks): void {
  const v = variant(node);
  if (v === undefined || asObject(node) === undefined) {
    walkObject(node, hooks);
    return;
  }
  const { tag, body } = v;
  if (tag === 'Identifier') {
    const value = asString(field(body, 'value'));
    if (value !== undefined) hooks.column?.([value]);
  } else if (tag === 'CompoundIdentifier') {
    const parts = asArray(body).map((p) => asString(field(p, 'value')) ?? '');
    hooks.column?.(parts);
  } else if (tag === 'Subquery' || tag === 'Exists') {
    hooks.subquery?.(tag === 'Exists' ? field(body, 'subquery') : body);
  } else if (tag === 'InSubquery') {
    walkExpr(field(body, 'expr'), hooks);
    hooks.subquery?.(field(body, 'subquery'));
  } else if (tag === 'Function') {
    hooks.call?.(functionName(body), body);
    walkObject(body, hooks);
  } else if (tag !== 'Value' && tag !== 'TypedString') {
    walkExpr(body, hooks);
  }
}

/** Column references in an expression, without side effects. */
export function columnsOf(node: unknown): string[][] {
  const found: string[][] = [];
  walkExpr(node, { column: (parts) => found.push([...parts]) });
  return found;
}

/** Strips `Nested` parentheses. */
export function unwrapNested(node: unknown): unknown {
  let current = node;
  for (let v = variant(current); v?.tag === 'Nested'; v = variant(current)) current = v.body;
  return current;
}

const NAMED_WRAPPERS = new Set(['Cast', 'Extract', 'Floor', 'Ceil', 'Substring', 'Trim']);

export interface ColumnSubject {
  readonly parts: readonly string[];
  /** `YEAR`, `CAST`, `EXTRACT`, `EXPRESSION` (arithmetic) … around the column; null when bare. */
  readonly wrappedBy: string | null;
}

/** The single column an expression is about (`ts`, `YEAR(ts)`, `CAST(ts AS DATE)`), or undefined. */
export function columnSubject(node: unknown): ColumnSubject | undefined {
  const inner = unwrapNested(node);
  const v = variant(inner);
  if (v === undefined) return undefined;
  const columns = columnsOf(inner);
  const distinct = new Set(columns.map((c) => c.join('.').toUpperCase()));
  if (distinct.size !== 1) return undefined;
  const parts = columns[0]!;
  if (v.tag === 'Identifier' || v.tag === 'CompoundIdentifier') return { parts, wrappedBy: null };
  if (v.tag === 'Function') return { parts, wrappedBy: functionName(v.body) };
  return { parts, wrappedBy: NAMED_WRAPPERS.has(v.tag) ? v.tag.toUpperCase() : 'EXPRESSION' };
}
