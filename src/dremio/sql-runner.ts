import { z } from 'zod';
import { markSql } from '../domain/sql-marker.js';
import { DremioError } from '../errors.js';
import type { DremioConnection } from './dremio-connection.js';
import { DeadlineExceeded, isStoppedError, stoppedError, waitForJob } from './job-wait.js';
import { parseResponse } from './parse-response.js';
import { isReadOnlySql } from './read-only-sql.js';
import { clampPageSize, fetchResultsPage, type ResultColumn, type ResultRow } from './results-page.js';
import { isQueryRejected } from './retry-policy.js';
import { retryStep } from './retry-step.js';

export interface RunSqlOptions<Row = ResultRow> {
  readonly signal?: AbortSignal;
  /** Time budget in ms for submit, run and paging together; the job is cancelled when it runs out. */
  readonly deadlineMs?: number;
  /** Rows per results page; at most 500. */
  readonly pageSize?: number;
  /** Validates and shapes each row; a row that does not fit is a DremioError naming its offset. */
  readonly schema?: z.ZodType<Row>;
  /** Dataset path the SQL runs in (`context` of `POST /sql`). */
  readonly context?: readonly string[];
  /**
   * Whether the submit may be resent after an ambiguous failure (reset, timeout, 5xx); defaults to
   * true only for read-only statements (SELECT, WITH, SHOW, …).
   */
  readonly resendable?: boolean;
  /**
   * Called once the job is COMPLETED, before the first row, with its id, columns and the end time
   * Dremio reports (its own clock, not ours).
   */
  readonly onJob?: (job: {
    jobId: string;
    rowCount: number;
    columns: readonly ResultColumn[];
    endedAt: string | undefined;
  }) => void;
}

export interface SqlResult<Row = ResultRow> {
  readonly jobId: string;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
  readonly rowCount: number;
  /** When the job ended, as Dremio's job status reports it (`endedAt`); absent on some versions. */
  readonly endedAt: string | undefined;
}

const submitSchema = z.looseObject({ id: z.string().min(1) });

/**
 * `POST /sql` with our marker; returns the job id. A statement that changes anything is never resent
 * unless Dremio provably did not take it (connection refused, 429/503); a read-only one may be,
 * since a duplicate SELECT only costs a job.
 */
export async function submitSql(
  connection: DremioConnection,
  sql: string,
  options: { signal?: AbortSignal; context?: readonly string[]; resendable?: boolean } = {},
): Promise<string> {
  const path = connection.restPath('/sql');
  const resendable = options.resendable ?? isReadOnlySql(sql);
  const response = await connection.request({
    method: 'POST',
    path,
    body: { sql: markSql(sql), ...(options.context ? { context: options.context } : {}) },
    safety: resendable ? 'read' : 'submit',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(submitSchema, { body: response.json, endpoint: `POST ${path}` }).id;
}

/**
 * Runs one statement and yields its rows page by page (≤ 500 a page), so million-row history reads
 * stay in constant memory.
 *
 * @example
 * for await (const row of runSql(connection, 'SELECT job_id FROM sys.jobs_recent', { pageSize: 500 })) { … }
 */
export async function* runSql<Row = ResultRow>(
  connection: DremioConnection,
  sql: string,
  options: RunSqlOptions<Row> = {},
): AsyncGenerator<Row, void, undefined> {
  const guard = createGuard(options);
  let jobId = '';
  try {
    const resendable = options.resendable ?? isReadOnlySql(sql);
    const run = async () => {
      jobId = await submitSql(connection, sql, { signal: guard.signal, ...optionalContext(options) });
      const status = await waitForJob(connection, jobId, { signal: guard.signal });
      if (status.state === 'FAILED') throw jobFailed(jobId, status.errorMessage);
      if (status.state !== 'COMPLETED') throw jobCanceled(jobId, status.cancellationReason);
      return status;
    };
    // An overloaded Software cluster rejects the job rather than the request; only a statement that
    // may run twice is sent again.
    const status = resendable
      ? await retryStep(connection, { what: 'query', signal: guard.signal }, run)
      : await run();
    yield* pageRows(connection, {
      jobId,
      rowCount: status.rowCount,
      endedAt: status.endedAt,
      options,
      signal: guard.signal,
    });
  } catch (error) {
    if (guard.signal.aborted && !isStoppedError(error)) {
      throw stoppedError({ jobId: jobId || '(not submitted)', signal: guard.signal, cause: error });
    }
    throw error;
  } finally {
    guard.dispose();
  }
}

/** Runs one statement and keeps every row; for small answers (info probes, reflection lists). */
export async function collectSql<Row = ResultRow>(
  connection: DremioConnection,
  sql: string,
  options: RunSqlOptions<Row> = {},
): Promise<SqlResult<Row>> {
  const rows: Row[] = [];
  let job = {
    jobId: '',
    rowCount: 0,
    columns: [] as readonly ResultColumn[],
    endedAt: undefined as string | undefined,
  };
  for await (const row of runSql(connection, sql, { ...options, onJob: (j) => (job = j) })) rows.push(row);
  return { jobId: job.jobId, columns: job.columns, rows, rowCount: job.rowCount, endedAt: job.endedAt };
}

async function* pageRows<Row>(
  connection: DremioConnection,
  run: {
    jobId: string;
    rowCount: number;
    endedAt: string | undefined;
    options: RunSqlOptions<Row>;
    signal: AbortSignal;
  },
): AsyncGenerator<Row, void, undefined> {
  const limit = clampPageSize(run.options.pageSize);
  let offset = 0;
  let total = run.rowCount;
  let announced = false;
  do {
    const page = await retryStep(
      connection,
      { what: `results of job ${run.jobId}`, signal: run.signal },
      () => fetchResultsPage(connection, { jobId: run.jobId, offset, limit, signal: run.signal }),
    );
    // The results' own total wins: the job's rowCount can lag or be absent on some versions.
    total = Math.max(total, page.rowCount);
    if (!announced) {
      announced = true;
      run.options.onJob?.({ jobId: run.jobId, rowCount: total, columns: page.columns, endedAt: run.endedAt });
    }
    if (page.rows.length === 0) break;
    for (const [index, row] of page.rows.entries()) yield shapeRow(row, { ...run, offset: offset + index });
    offset += page.rows.length;
  } while (offset < total);
}

function shapeRow<Row>(
  row: ResultRow,
  at: { jobId: string; offset: number; options: RunSqlOptions<Row> },
): Row {
  const schema = at.options.schema;
  if (!schema) return row as Row;
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DremioError(
    `Row ${at.offset} of job ${at.jobId} does not fit the expected shape at ${issue?.path.join('.') || '(row)'}: ${issue?.message}`,
    {
      cause: parsed.error,
      code: 'DREMIO_BAD_RESPONSE',
      hint: 'The column types differ on this Dremio version.',
    },
  );
}

function createGuard(options: RunSqlOptions<unknown>): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const deadlineMs = options.deadlineMs;
  const timer =
    deadlineMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new DeadlineExceeded(deadlineMs)), deadlineMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function optionalContext(options: RunSqlOptions<unknown>): {
  context?: readonly string[];
  resendable?: boolean;
} {
  return {
    ...(options.context ? { context: options.context } : {}),
    ...(options.resendable === undefined ? {} : { resendable: options.resendable }),
  };
}

function jobFailed(jobId: string, errorMessage: string): DremioError {
  if (isQueryRejected(errorMessage))
    return new DremioError(`Dremio job ${jobId} was rejected: ${errorMessage}`, {
      code: 'DREMIO_QUERY_REJECTED',
      hint: 'The cluster is overloaded; run again later or when fewer queries are queued.',
    });
  return new DremioError(`Dremio job ${jobId} FAILED: ${errorMessage || '(no error message)'}`, {
    code: 'DREMIO_JOB_FAILED',
    hint: 'The message above is Dremio’s own; fix the statement or the permission it names.',
  });
}

function jobCanceled(jobId: string, reason: string): DremioError {
  return new DremioError(`Dremio job ${jobId} was CANCELED${reason ? `: ${reason}` : ''}`, {
    code: 'DREMIO_JOB_CANCELED',
    hint: 'An administrator or a queue rule cancelled it; retry later or ask the Dremio admin.',
  });
}
