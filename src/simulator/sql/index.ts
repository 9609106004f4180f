/**
 * The SQL subset the simulator answers itself: single-table SELECTs over system tables and Iceberg
 * metadata functions, parsed with the product's lexer and evaluated lazily page by page.
 */
export { type BindResult, type BoundQuery, bindQuery } from './bind-query.js';
export { type ParseSelectResult, parseSelect } from './parse-select.js';
export { planSystemQuery, type SystemQueryPlan } from './plan-system-query.js';
export { type ExecuteResult, executeBound, MAX_SORTED_ROWS, type QueryResultSet } from './query-result.js';
export { resolveSource, type SourceResolution } from './resolve-source.js';
export type { Predicate, SelectQuery, SqlLiteral, TableSource } from './select-query.js';
export { WindowCache } from './window-cache.js';
