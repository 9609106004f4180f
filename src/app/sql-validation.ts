import { z } from 'zod';
import type { Dataset } from '../domain/dataset.js';
import { SQL_STATEMENT_KINDS, type SqlStatementKind } from '../domain/sql-facts.js';
import { AppError } from '../errors.js';
import { validateDdl } from '../recommend/ddl-validator.js';
import { ddlReferences } from '../sql/ddl-references.js';
import { tokenize } from '../sql/lexer.js';
import {
  type ColumnReference,
  queryReferences,
  type ReferenceScope,
  type ScopeRelation,
} from '../sql/references.js';
import { initSqlParser, parseSql } from '../sql/sql-parser.js';
import { classifyStatement } from '../sql/statement-kind.js';
import { canonicalPath } from '../sql/table-path.js';
import { significant } from '../sql/token-path.js';
import { loadDatasets } from '../store/index.js';
import { booleanInput } from './collect.js';
import { clusterField, oneCluster } from './read-scope.js';
import { type AppDeps, defineService } from './service.js';

export const VALIDATION_PROBLEM_KINDS = [
  'syntax',
  'unknown-table',
  'unknown-column',
  'not-read-only',
  'explain-failed',
] as const;

export const validationProblem = z.object({
  kind: z.enum(VALIDATION_PROBLEM_KINDS),
  message: z.string(),
  table: z.string().optional(),
  column: z.string().optional(),
  position: z
    .object({ line: z.number().int(), column: z.number().int() })
    .optional()
    .describe('Where the parser stopped (1-based), for syntax problems'),
});

export const sqlValidationOutput = z.object({
  valid: z
    .boolean()
    .describe('Parses, every table and column it names exists, and EXPLAIN (when run) passed'),
  statementKind: z.enum(SQL_STATEMENT_KINDS),
  problems: z.array(validationProblem),
  tables: z.array(
    z.object({
      path: z.string(),
      found: z.boolean().describe('In the collected catalog'),
      system: z.boolean().describe('A sys or INFORMATION_SCHEMA table: not collected, its columns unchecked'),
    }),
  ),
  columnsChecked: z.number().int().describe('Column references checked against the catalog'),
  unchecked: z.array(z.string()).describe('Names that could not be checked, and why'),
  explain: z.object({
    ran: z.boolean(),
    ok: z.boolean().optional(),
    error: z.string().optional(),
    reason: z.string().optional(),
  }),
});
export type SqlValidation = z.input<typeof sqlValidationOutput>;
type Problem = z.input<typeof validationProblem>;

/** Statements whose names this service checks; anything else changes data and is refused. */
const QUERY_KINDS: ReadonlySet<SqlStatementKind> = new Set(['select', 'explain']);
const DDL_KINDS: ReadonlySet<SqlStatementKind> = new Set([
  'ddl-reflection',
  'optimize',
  'alter',
  'refresh-reflection',
  'refresh-metadata',
  'vacuum',
]);
const SYSTEM_NAMESPACES = new Set(['SYS', 'INFORMATION_SCHEMA']);
const EXPLAIN_PREFIX = /^\s*EXPLAIN\s+PLAN\b[\s\S]*?\bFOR\b/i;

interface Catalog {
  find(parts: readonly string[]): Dataset | undefined;
}

function catalogOf(datasets: ReadonlyMap<string, Dataset>): Catalog {
  // Dremio resolves every name case-insensitively, quoted or not, part by part.
  const byKey = new Map<string, Dataset>();
  for (const d of datasets.values()) byKey.set(JSON.stringify(d.pathParts.map((p) => p.toUpperCase())), d);
  return { find: (parts) => byKey.get(JSON.stringify(parts.map((p) => p.toUpperCase()))) };
}

function isSystem(parts: readonly string[]): boolean {
  return parts.length >= 2 && SYSTEM_NAMESPACES.has(parts[0]!.toUpperCase());
}

function hasColumn(d: Dataset, name: string): boolean {
  return d.columns.some((c) => c.name.toUpperCase() === name.toUpperCase());
}

/** Syntax problem with the parser's position (`… at Line: 1, Column: 8`) when it gives one. */
function syntaxProblem(error: string): Problem {
  const at = /Line: (\d+), Column: (\d+)/.exec(error);
  return {
    kind: 'syntax',
    message: error.replace(/^sql parser error: /, ''),
    ...(at === null ? {} : { position: { line: Number(at[1]), column: Number(at[2]) } }),
  };
}

interface Checker {
  readonly catalog: Catalog;
  readonly problems: Problem[];
  readonly unchecked: string[];
  checked: number;
}

type Resolution = 'found' | 'missing' | 'unchecked';

/** Which relations of a scope a qualifier (`t`, `s.t`) names: alias, else last part, else full path. */
function qualified(scope: ReferenceScope, qualifier: readonly string[]): ScopeRelation | undefined {
  const q = qualifier.map((p) => p.toUpperCase());
  for (let s: ReferenceScope | null = scope; s !== null; s = s.parent) {
    const found = s.relations.find((r) => {
      if (q.length === 1)
        return r.alias !== null ? r.alias.toUpperCase() === q[0] : r.lastPart?.toUpperCase() === q[0];
      const path = r.path?.map((p) => p.toUpperCase()) ?? [];
      return path.length >= q.length && path.slice(-q.length).join('\u0000') === q.join('\u0000');
    });
    if (found !== undefined) return found;
  }
  return undefined;
}

function resolveIn(checker: Checker, relation: ScopeRelation, name: string): Resolution {
  if (relation.kind !== 'dataset' || relation.path === null) return 'unchecked';
  const d = checker.catalog.find(relation.path);
  if (d === undefined) return 'unchecked'; // the table itself is reported
  return hasColumn(d, name) ? 'found' : 'missing';
}

function checkColumn(checker: Checker, ref: ColumnReference): void {
  const name = ref.parts[ref.parts.length - 1]!;
  const written = ref.parts.join('.');
  if (ref.parts.length > 1) {
    const relation = qualified(ref.scope, ref.parts.slice(0, -1));
    if (relation === undefined) {
      // `col.field` on a struct column, or a qualifier we cannot place: Dremio decides.
      checker.unchecked.push(`${written}: qualifier names no table in scope (struct field?)`);
      return;
    }
    const r = resolveIn(checker, relation, name);
    if (r === 'unchecked') {
      checker.unchecked.push(`${written}: column of a subquery, CTE or unknown table`);
      return;
    }
    checker.checked += 1;
    if (r === 'missing') {
      const table = canonicalPath(relation.path ?? []);
      checker.problems.push({
        kind: 'unknown-column',
        message: `column ${name} does not exist in ${table} (qualified as ${ref.parts.slice(0, -1).join('.')})`,
        table,
        column: name,
      });
    }
    return;
  }
  let unsure = false;
  const tables: string[] = [];
  for (let s: ReferenceScope | null = ref.scope; s !== null; s = s.parent) {
    // Select-list aliases may be named by GROUP BY, HAVING and ORDER BY (not WHERE) in Dremio.
    if (
      s === ref.scope &&
      ref.clause !== 'where' &&
      ref.clause !== 'select' &&
      s.aliases.has(name.toUpperCase())
    )
      return;
    for (const relation of s.relations) {
      const r = resolveIn(checker, relation, name);
      if (r === 'found') {
        checker.checked += 1;
        return;
      }
      if (r === 'unchecked') unsure = true;
      else tables.push(canonicalPath(relation.path ?? []));
    }
  }
  if (unsure || tables.length === 0) {
    checker.unchecked.push(`${name}: may be a column of a subquery, CTE or unknown table`);
    return;
  }
  checker.checked += 1;
  checker.problems.push({
    kind: 'unknown-column',
    message: `column ${name} exists in none of ${tables.join(', ')}`,
    ...(tables.length === 1 ? { table: tables[0]! } : {}),
    column: name,
  });
}

interface Checked {
  readonly tables: SqlValidation['tables'];
  readonly problems: Problem[];
  readonly unchecked: string[];
  readonly columnsChecked: number;
}

function checkTable(checker: Checker, parts: readonly string[], tables: SqlValidation['tables']): void {
  const path = canonicalPath(parts);
  if (tables.some((t) => t.path.toUpperCase() === path.toUpperCase())) return;
  if (isSystem(parts)) {
    tables.push({ path, found: false, system: true });
    checker.unchecked.push(`${path}: system table, not in the collected catalog`);
    return;
  }
  const dataset = checker.catalog.find(parts);
  const found = dataset !== undefined;
  // A found table is named as the catalog spells it, however the statement wrote it.
  if (dataset !== undefined && tables.some((t) => t.path === dataset.path)) return;
  tables.push({ path: dataset?.path ?? path, found, system: false });
  if (!found)
    checker.problems.push({
      kind: 'unknown-table',
      message: `table ${path} is not in the collected catalog`,
      table: path,
    });
}

async function checkQuery(catalog: Catalog, sql: string): Promise<Checked> {
  await initSqlParser();
  const parsed = parseSql(sql);
  if (!parsed.ok)
    return { tables: [], problems: [syntaxProblem(parsed.error)], unchecked: [], columnsChecked: 0 };
  if (parsed.statements.length !== 1)
    return {
      tables: [],
      problems: [{ kind: 'syntax', message: `expected one statement, found ${parsed.statements.length}` }],
      unchecked: [],
      columnsChecked: 0,
    };
  const refs = queryReferences(parsed.statements[0]);
  const checker: Checker = { catalog, problems: [], unchecked: [], checked: 0 };
  const tables: SqlValidation['tables'] = [];
  if (refs === undefined)
    return { tables, problems: [], unchecked: ['(statement): not a query'], columnsChecked: 0 };
  for (const t of refs.tables) checkTable(checker, t.path, tables);
  if (refs.unknownRelations > 0)
    checker.unchecked.push(`${refs.unknownRelations} FROM item(s) such as UNNEST or LATERAL: not checked`);
  for (const ref of refs.columns) checkColumn(checker, ref);
  return {
    tables,
    problems: checker.problems,
    unchecked: checker.unchecked,
    columnsChecked: checker.checked,
  };
}

/** 1-based line and column of a character offset. */
function positionOf(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, offset)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * DDL is parsed with the grammar recommendations are checked against (`validateDdl`: Dremio's
 * `alter.ftl` shapes the product emits, stricter than Dremio), then its names are checked.
 */
function checkDdl(catalog: Catalog, sql: string): Checked {
  const grammar = validateDdl(sql);
  const checker: Checker = { catalog, problems: [], unchecked: [], checked: 0 };
  const tables: SqlValidation['tables'] = [];
  if (!grammar.ok)
    checker.problems.push({
      kind: 'syntax',
      message: `${grammar.message} (checked against the Dremio DDL shapes this product emits)`,
      position: positionOf(sql, grammar.offset),
    });
  if (grammar.ok && grammar.shape === 'set-option')
    return {
      tables,
      problems: [],
      unchecked: ['ALTER SYSTEM SET: an option, no table or column'],
      columnsChecked: 0,
    };
  const refs = ddlReferences(sql);
  if (refs.problem !== null && grammar.ok) checker.problems.push({ kind: 'syntax', message: refs.problem });
  if (refs.table === null) return { tables, problems: checker.problems, unchecked: [], columnsChecked: 0 };
  checkTable(checker, refs.table, tables);
  const d = catalog.find(refs.table);
  for (const column of refs.columns) {
    if (d === undefined) {
      checker.unchecked.push(`${column}: its table is not in the catalog`);
      continue;
    }
    checker.checked += 1;
    if (!hasColumn(d, column))
      checker.problems.push({
        kind: 'unknown-column',
        message: `column ${column} does not exist in ${d.path}`,
        table: d.path,
        column,
      });
  }
  return {
    tables,
    problems: checker.problems,
    unchecked: checker.unchecked,
    columnsChecked: checker.checked,
  };
}

async function syntaxError(sql: string): Promise<Problem | undefined> {
  await initSqlParser();
  const parsed = parseSql(sql);
  return parsed.ok ? undefined : syntaxProblem(parsed.error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `EXPLAIN PLAN FOR` on the configured Dremio: plans the query without running it. */
async function explainOnDremio(deps: AppDeps, query: string): Promise<SqlValidation['explain']> {
  if (deps.dremio === undefined) return { ran: false, reason: 'no Dremio is configured for this caller' };
  let client: ReturnType<NonNullable<AppDeps['dremio']>>;
  try {
    client = deps.dremio();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'config')
      return { ran: false, reason: `no Dremio is configured: ${messageOf(error)}` };
    throw error;
  }
  try {
    await client.collectSql(`EXPLAIN PLAN FOR ${query.trim().replace(/;\s*$/, '')}`, {
      resendable: true,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    return { ran: true, ok: true };
  } catch (error) {
    if (error instanceof AppError && error.kind === 'dremio')
      return { ran: true, ok: false, error: messageOf(error) };
    throw error;
  }
}

export const validateSql = defineService({
  name: 'sql.validate',
  summary:
    'Parse a statement and check every table and column it names against the collected catalog; optionally EXPLAIN it on Dremio',
  input: z.object({
    sql: z
      .string()
      .min(1)
      .max(200_000)
      .describe('One statement: a query, or reflection/OPTIMIZE/partition DDL'),
    cluster: clusterField,
    explain: booleanInput
      .optional()
      .describe('Also run EXPLAIN PLAN FOR on the configured Dremio (queries only; read-only)'),
  }),
  output: sqlValidationOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const catalog = catalogOf(await loadDatasets(deps.store.db, cluster.id));
    const kind = classifyStatement(significant(tokenize(options.sql))).kind;
    const query = kind === 'explain' ? options.sql.replace(EXPLAIN_PREFIX, '') : options.sql;
    let checked: Checked;
    let explain: SqlValidation['explain'];
    if (QUERY_KINDS.has(kind)) {
      checked = await checkQuery(catalog, query);
      if (options.explain !== true) explain = { ran: false, reason: 'not asked (explain: true runs it)' };
      else if (checked.problems.length > 0)
        explain = { ran: false, reason: 'not run: the statement already failed the catalog checks' };
      else explain = await explainOnDremio(deps, query);
    } else if (DDL_KINDS.has(kind) || /^\s*(?:ALTER\s+SYSTEM|ANALYZE\s+TABLE)\b/i.test(options.sql)) {
      checked = checkDdl(catalog, options.sql);
      explain = {
        ran: false,
        reason: `not run: EXPLAIN plans queries only, and ${kind} statements change the cluster`,
      };
    } else if ((kind === 'other' || kind === 'empty') && (await syntaxError(options.sql)) !== undefined) {
      // `SELEC …` is no statement kind at all: say where it stops parsing, as Dremio's PARSE ERROR does.
      checked = {
        tables: [],
        problems: [(await syntaxError(options.sql))!],
        unchecked: [],
        columnsChecked: 0,
      };
      explain = { ran: false, reason: 'not run: the statement does not parse' };
    } else {
      checked = {
        tables: [],
        problems: [
          {
            kind: 'not-read-only',
            message: `a ${kind} statement is not checked: only queries and reflection, OPTIMIZE and partition DDL are`,
          },
        ],
        unchecked: [],
        columnsChecked: 0,
      };
      explain = { ran: false, reason: `not run: ${kind} is neither a query nor supported DDL` };
    }
    const problems = [...checked.problems];
    if (explain.ran && explain.ok === false)
      problems.push({ kind: 'explain-failed', message: explain.error ?? 'EXPLAIN failed on Dremio' });
    return {
      valid: problems.length === 0,
      statementKind: kind,
      problems,
      tables: checked.tables,
      columnsChecked: checked.columnsChecked,
      unchecked: checked.unchecked,
      explain,
    };
  },
});
