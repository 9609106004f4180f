import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../app/service.js';
import { type SqlValidation, sqlValidationOutput, validateSql } from '../app/sql-validation.js';
import { isReadOnlySql } from '../dremio/read-only-sql.js';
import type { ResultColumn, ResultRow } from '../dremio/results-page.js';
import { AppError } from '../errors.js';

/**
 * The gate every SQL statement of an agent answer passes before it is shown: nothing the model
 * proposes is presented as a recommendation unchecked. A DDL or maintenance statement is
 * `validated` when it parses and names only tables and columns that exist; a rewrite only when it
 * also returned the same rows as the original on Dremio (run with --confirm).
 */

export const SQL_CHECK_STATUSES = ['validated', 'unverified', 'invalid'] as const;

export const equivalenceOutput = z.object({
  ran: z.boolean(),
  originalRows: z.number().int().optional(),
  rewriteRows: z.number().int().optional(),
  sameRows: z.boolean().optional().describe('Same row count'),
  sameHash: z.boolean().optional().describe('Same order-independent hash of the rows'),
  reason: z.string().optional(),
});

export const sqlCheckSchema = z.object({
  statement: z.string(),
  kind: z.enum(['ddl', 'rewrite', 'maintenance']),
  status: z.enum(SQL_CHECK_STATUSES),
  reason: z.string().describe('Exactly what was checked, or why it is not validated'),
  validation: sqlValidationOutput,
  equivalence: equivalenceOutput.optional(),
});
export type SqlCheck = z.infer<typeof sqlCheckSchema>;
export type Equivalence = z.infer<typeof equivalenceOutput>;

export interface AnswerStatement {
  readonly kind: 'ddl' | 'rewrite' | 'maintenance';
  readonly statement: string;
  readonly purpose?: string;
}

export interface GateOptions {
  readonly cluster?: string;
  /** The query a rewrite replaces; without it a rewrite stays unverified. */
  readonly originalSql?: string;
  /** Run the original and the rewrite on Dremio to compare their results. */
  readonly confirm: boolean;
  /** Rows compared per side (default 1000); a larger result cannot be compared order-independently. */
  readonly rowLimit?: number;
}

export const DEFAULT_ROW_LIMIT = 1000;

function problemsText(v: SqlValidation): string {
  return v.problems.map((p) => `${p.kind}: ${p.message}`).join('; ');
}

function checkedText(v: SqlValidation): string {
  const tables = v.tables.filter((t) => t.found).map((t) => t.path);
  const parts = [
    `parses as ${v.statementKind}`,
    tables.length === 0 ? 'no table checked' : `table(s) ${tables.join(', ')} exist in the collected catalog`,
    `${v.columnsChecked} column reference(s) exist`,
  ];
  if (v.unchecked.length > 0) parts.push(`not checked: ${v.unchecked.join('; ')}`);
  if (v.explain.ran) parts.push('EXPLAIN PLAN FOR passed on Dremio');
  else if (v.explain.reason !== undefined) parts.push(`EXPLAIN ${v.explain.reason}`);
  return parts.join('; ');
}

interface SideResult {
  readonly rowCount: number;
  readonly hash: string;
  readonly truncated: boolean;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    return typeof v === 'bigint' ? v.toString() : v;
  });
}

/**
 * Row count and an order-independent hash of at most `limit` rows: each row's values in column order
 * (names may differ between original and rewrite) hashed, the hashes sorted, then hashed together.
 */
async function runSide(deps: AppDeps, sql: string, limit: number): Promise<SideResult> {
  const client = deps.dremio!();
  let columns: readonly ResultColumn[] = [];
  let total = 0;
  const hashes: string[] = [];
  for await (const row of client.runSql<ResultRow>(sql, {
    resendable: true,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    onJob: (job) => {
      columns = job.columns;
      total = job.rowCount;
    },
  })) {
    if (hashes.length >= limit) break;
    const values = columns.length > 0 ? columns.map((c) => row[c.name]) : Object.values(row);
    hashes.push(createHash('sha256').update(canonical(values)).digest('hex'));
  }
  hashes.sort();
  const hash = createHash('sha256').update(hashes.join('\n')).digest('hex');
  return { rowCount: Math.max(total, hashes.length), hash, truncated: total > limit };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs original and rewrite read-only and compares; `undefined` reason means they matched. */
async function compareOnDremio(
  deps: AppDeps,
  original: string,
  rewrite: string,
  limit: number,
): Promise<Equivalence> {
  let a: SideResult;
  let b: SideResult;
  try {
    a = await runSide(deps, original, limit);
    b = await runSide(deps, rewrite, limit);
  } catch (error) {
    if (error instanceof AppError && (error.kind === 'dremio' || error.kind === 'config'))
      return { ran: false, reason: `running the queries on Dremio failed: ${messageOf(error)}` };
    throw error;
  }
  const sameRows = a.rowCount === b.rowCount;
  const sameHash = a.hash === b.hash;
  const base = { ran: true, originalRows: a.rowCount, rewriteRows: b.rowCount, sameRows, sameHash };
  if (a.truncated || b.truncated)
    return {
      ...base,
      sameHash: false,
      reason: `a result has more than ${limit} rows, so its rows cannot be compared in any order; raise the row limit or compare a narrower query`,
    };
  if (!sameRows)
    return { ...base, reason: `row counts differ: original ${a.rowCount}, rewrite ${b.rowCount}` };
  if (!sameHash) return { ...base, reason: `same ${a.rowCount} rows counted, but their values differ` };
  return base;
}

function dremioConfigured(deps: AppDeps): string | null {
  if (deps.dremio === undefined) return 'no Dremio is configured for this caller';
  try {
    deps.dremio();
    return null;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'config')
      return `no Dremio is configured: ${messageOf(error)}`;
    throw error;
  }
}

async function checkRewrite(
  deps: AppDeps,
  statement: AnswerStatement,
  validation: SqlValidation,
  options: GateOptions,
): Promise<SqlCheck> {
  const base = { statement: statement.statement, kind: statement.kind, validation };
  const checked = checkedText(validation);
  const unverified = (why: string, equivalence: Equivalence): SqlCheck => ({
    ...base,
    status: 'unverified',
    reason: `${why} (checked: ${checked})`,
    equivalence,
  });
  if (validation.statementKind !== 'select')
    return unverified('a rewrite must be a query; this one is not run', {
      ran: false,
      reason: 'not a query',
    });
  if (options.originalSql === undefined || options.originalSql.trim() === '')
    return unverified('the original query is not known, so results cannot be compared', {
      ran: false,
      reason: 'no original query',
    });
  if (!isReadOnlySql(options.originalSql))
    return unverified('the original statement is not read-only; it is never run', {
      ran: false,
      reason: 'original not read-only',
    });
  const noDremio = dremioConfigured(deps);
  if (noDremio !== null) return unverified(`not run: ${noDremio}`, { ran: false, reason: noDremio });
  if (!options.confirm)
    return unverified('not run: pass --confirm to compare results on Dremio', {
      ran: false,
      reason: 'pass --confirm to compare results on Dremio',
    });
  const limit = options.rowLimit ?? DEFAULT_ROW_LIMIT;
  const equivalence = await compareOnDremio(deps, options.originalSql, statement.statement, limit);
  if (equivalence.ran && equivalence.sameRows === true && equivalence.sameHash === true)
    return {
      ...base,
      status: 'validated',
      reason: `returned the same ${equivalence.rewriteRows} row(s) as the original on Dremio (row count and order-independent hash, limit ${limit}); ${checked}`,
      equivalence,
    };
  return unverified(
    `not the same result as the original: ${equivalence.reason ?? 'results differ'}`,
    equivalence,
  );
}

/**
 * Checks each statement of an answer in order. Never throws for a bad statement (it is `invalid`); only
 * for a broken store or an unexpected failure.
 *
 * @example
 * const checks = await checkAnswerSql(deps, [{ kind: 'rewrite', statement: 'SELECT …' }], { originalSql, confirm: false });
 * checks[0].status; // 'unverified': not run, pass --confirm
 */
export async function checkAnswerSql(
  deps: AppDeps,
  statements: readonly AnswerStatement[],
  options: GateOptions,
): Promise<SqlCheck[]> {
  const checks: SqlCheck[] = [];
  for (const statement of statements) {
    const validation = sqlValidationOutput.parse(
      await validateSql(deps, {
        sql: statement.statement,
        explain: true,
        ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
      }),
    );
    if (!validation.valid) {
      checks.push({
        statement: statement.statement,
        kind: statement.kind,
        status: 'invalid',
        reason: problemsText(validation),
        validation,
      });
      continue;
    }
    if (statement.kind === 'rewrite') {
      checks.push(await checkRewrite(deps, statement, validation, options));
      continue;
    }
    checks.push({
      statement: statement.statement,
      kind: statement.kind,
      status: 'validated',
      reason: `names exist and it parses; not run (a ${statement.kind} statement is applied only as a separate, confirmed step): ${checkedText(validation)}`,
      validation,
    });
  }
  return checks;
}
