import { field, identValue, objectNameParts, variant } from './ast-access.js';

/**
 * What a FROM item of the sqlparser AST is, read once for every walker: a named table (or a table
 * function, which carries arguments), a derived table around a subquery, a parenthesised join whose
 * tables `flattenFrom` lists, or something else (UNNEST, a values list…).
 */
export type RelationNode =
  | {
      readonly tag: 'table';
      readonly parts: readonly string[];
      readonly alias: string | null;
      readonly lastPart: string;
      readonly isFunction: boolean;
    }
  | { readonly tag: 'derived'; readonly subquery: unknown; readonly alias: string | null }
  | { readonly tag: 'nested' }
  | { readonly tag: 'other'; readonly alias: string | null };

export function relationNode(node: unknown): RelationNode | null {
  const v = variant(node);
  if (v === undefined) return null;
  const alias = identValue(field(field(v.body, 'alias'), 'name')) ?? null;
  if (v.tag === 'Table') {
    const parts = objectNameParts(field(v.body, 'name'));
    if (parts.length === 0) return null;
    const args = field(v.body, 'args');
    return {
      tag: 'table',
      parts,
      alias,
      lastPart: parts[parts.length - 1]!,
      isFunction: args !== undefined && args !== null,
    };
  }
  if (v.tag === 'Derived') return { tag: 'derived', subquery: field(v.body, 'subquery'), alias };
  if (v.tag === 'NestedJoin') return { tag: 'nested' };
  return { tag: 'other', alias };
}
