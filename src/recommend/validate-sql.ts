import type { RecommendationKind } from '../domain/recommendation.js';
import { extractSqlFacts } from '../sql/facts.js';
import { isSqlParserReady, parseSql } from '../sql/sql-parser.js';
import { type DdlShape, validateDdl } from './ddl-validator.js';

export type SqlValidation = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** The DDL shape each kind must emit; rewrite-query emits a SELECT, settings and client changes no SQL. */
const SHAPE_OF: Readonly<Record<RecommendationKind, DdlShape | 'select' | 'none'>> = {
  'create-aggregate-reflection': 'create-aggregate-reflection',
  'create-raw-reflection': 'create-raw-reflection',
  'drop-reflection': 'drop-reflection',
  'refresh-reflection': 'refresh-reflections',
  'optimize-table': 'optimize-table',
  'add-partition-field': 'add-partition-field',
  'rewrite-query': 'select',
  'workload-management': 'none',
  'cluster-table': 'cluster-table',
  'set-option': 'set-option',
  'refresh-metadata': 'refresh-metadata',
  'metadata-refresh-policy': 'none',
  'compute-statistics': 'compute-statistics',
  'adjust-client': 'none',
  'flatten-view': 'none',
  'reverse-regression': 'none',
};

/** Kinds whose statement some Dremio versions lack: there the action names the REST call instead. */
const SQL_BY_VERSION: ReadonlySet<RecommendationKind> = new Set(['refresh-reflection']);

/**
 * Checks the SQL a recommendation of this kind carries: DDL against our §6.6 grammar, rewritten queries
 * with the SQL parser (which must be initialised: `await initSqlParser()`). Never throws.
 */
export function validateRecommendationSql(kind: RecommendationKind, sql: string | null): SqlValidation {
  const shape = SHAPE_OF[kind];
  if (shape === 'none')
    return sql === null ? { ok: true } : { ok: false, message: `${kind} carries no SQL, found some` };
  if (sql === null && SQL_BY_VERSION.has(kind)) return { ok: true };
  if (sql === null) return { ok: false, message: `${kind} needs a SQL statement, found none` };
  if (shape === 'select') return validateSelect(sql);
  const result = validateDdl(sql);
  if (!result.ok) return { ok: false, message: result.message };
  if (result.shape !== shape)
    return { ok: false, message: `${kind} must emit a ${shape} statement, found ${result.shape}` };
  return { ok: true };
}

function validateSelect(sql: string): SqlValidation {
  if (!isSqlParserReady()) return { ok: false, message: 'SQL parser not initialised: await initSqlParser()' };
  const parsed = parseSql(sql);
  if (!parsed.ok) return { ok: false, message: `the rewritten query does not parse: ${parsed.error}` };
  if (parsed.statements.length !== 1)
    return { ok: false, message: `expected one statement, found ${parsed.statements.length}` };
  const facts = extractSqlFacts(sql);
  if (facts.statementKind !== 'select')
    return { ok: false, message: `a rewrite must be a SELECT, found ${facts.statementKind}` };
  return { ok: true };
}
