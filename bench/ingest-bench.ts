import { join } from 'node:path';
import { sql } from 'kysely';
import type { JobRecord } from '../src/domain/job.js';
import { stringifyLosslessJson } from '../src/json/lossless-json.js';
import { ensureCluster, openStore, type Store, upsertJobs } from '../src/store/index.js';
import type { BenchContext } from './bench-context.js';
import { type BenchName, type BenchRow, failedRow, makeRow } from './bench-row.js';
import { historyJobs } from './history-jobs.js';
import { isUnreachable, withThrowawayDatabase } from './throwaway-database.js';
import { timeAsyncMs } from './timing.js';

// The CLI's history page: each page's jobs are upserted in one transaction, as collection does.
const PAGE_ROWS = 5000;
// The reference writes the same rows in statements of the same size upsertJobs uses.
const REFERENCE_BATCH_ROWS = 500;
const REFERENCE_TABLE = 'bench_ingest_reference';

async function ingestOurs(
  store: Store,
  jobs: readonly JobRecord[],
): Promise<{ elapsedMs: number; cpuMs: number }> {
  const cluster = await ensureCluster(store.db, { name: 'bench', kind: 'software' });
  return timeAsyncMs(async () => {
    for (let i = 0; i < jobs.length; i += PAGE_ROWS) {
      const page = jobs.slice(i, i + PAGE_ROWS);
      await store.db.transaction().execute((trx) => upsertJobs(trx, cluster.id, page));
    }
  });
}

/** The floor: each job as one jsonb document, plain multi-row INSERTs, same pages and transactions. */
async function ingestReference(store: Store, jobs: readonly JobRecord[]): Promise<number> {
  await sql`CREATE TABLE ${sql.table(REFERENCE_TABLE)} (doc jsonb NOT NULL)`.execute(store.db);
  const docs = jobs.map((job) => stringifyLosslessJson(job));
  const { elapsedMs } = await timeAsyncMs(async () => {
    for (let i = 0; i < docs.length; i += PAGE_ROWS) {
      await store.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(i + PAGE_ROWS, docs.length); j += REFERENCE_BATCH_ROWS) {
          const values = docs.slice(j, j + REFERENCE_BATCH_ROWS).map((d) => sql`(${d}::jsonb)`);
          await sql`INSERT INTO ${sql.table(REFERENCE_TABLE)} (doc) VALUES ${sql.join(values)}`.execute(trx);
        }
      });
    }
  });
  await sql`DROP TABLE ${sql.table(REFERENCE_TABLE)}`.execute(store.db);
  return elapsedMs;
}

async function measure(options: {
  readonly name: BenchName;
  readonly store: Store;
  readonly jobs: readonly JobRecord[];
  readonly goalRowsPerS: number;
}): Promise<BenchRow> {
  const { store, jobs } = options;
  const referenceMs = await ingestReference(store, jobs);
  const { elapsedMs: oursMs, cpuMs } = await ingestOurs(store, jobs);
  return makeRow({
    name: options.name,
    input: `${jobs.length} simulated sys.jobs_recent rows into an empty store, ${PAGE_ROWS} a transaction`,
    ours: jobs.length / (oursMs / 1000),
    reference: jobs.length / (referenceMs / 1000),
    referenceName: `the same jobs as one jsonb each, plain INSERT ${REFERENCE_BATCH_ROWS} rows a statement`,
    unit: 'rows/s',
    goal: { value: options.goalRowsPerS, on: 'ours', direction: 'higher' },
    details: {
      oursMs: Math.round(oursMs),
      referenceMs: Math.round(referenceMs),
      // PGlite runs in this process, so this is nearly all its cost; for PostgreSQL only the client side.
      oursCpuMs: Math.round(cpuMs),
      oursRowsPerCpuS: Math.round(jobs.length / (cpuMs / 1000)),
    },
    note: 'ours: upsertJobs (the history stage path: 52 columns, COPY into a temporary table, merge-on-conflict, RETURNING)',
  });
}

/** Job rows per second into PGlite and PostgreSQL through `upsertJobs`, the path collection uses. */
export async function benchIngest(ctx: BenchContext): Promise<BenchRow[]> {
  const count = ctx.quick ? 20_000 : 100_000;
  ctx.log(`ingest: building ${count} job records from simulated history…`);
  const jobs = historyJobs(count);
  ctx.log('ingest: PGlite…');
  const pglite = await openStore({ dataDir: join(ctx.workDir, 'ingest-pglite'), command: 'bench' });
  let pgliteRow: BenchRow;
  try {
    pgliteRow = await measure({ name: 'ingest-pglite', store: pglite, jobs, goalRowsPerS: 10_000 });
  } finally {
    await pglite.close();
  }
  ctx.log('ingest: PostgreSQL…');
  try {
    const postgresRow = await withThrowawayDatabase({
      serverUrl: ctx.postgresUrl,
      name: `dremio_optimizer_bench_ingest_${process.pid}`,
      workDir: ctx.workDir,
      fn: (store) => measure({ name: 'ingest-postgres', store, jobs, goalRowsPerS: 50_000 }),
    });
    return [pgliteRow, postgresRow];
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return [
      pgliteRow,
      failedRow({
        name: 'ingest-postgres',
        input: `${jobs.length} simulated jobs`,
        unit: 'rows/s',
        error: `PostgreSQL is not reachable at ${ctx.postgresUrl}: start one or pass --postgres-url`,
        skipped: true,
      }),
    ];
  }
}
