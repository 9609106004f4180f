import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/domain/job.js';
import type { Db } from '../../src/store/db-handle.js';
import { ensureCluster, readWatermark, upsertJobs, writeWatermark } from '../../src/store/index.js';
import { upsertJobsByCopy, upsertJobsByStatement } from '../../src/store/jobs-repository.js';
import { buildJob } from '../support/job-builder.js';
import { type TestBackend, type TestStore, testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

// Text COPY treats specially, text PostgreSQL cannot hold (NUL, a lone surrogate) and plain oddities.
const ODD = [
  'tab\there',
  'line\nbreak\r\nand CR\r',
  'back\\slash \\N \\. \\\\ end\\',
  '\\.',
  '\\N',
  'NULL',
  'quote " and \' and {braces}, commas',
  'unicode: żółć 日本語 🚀 \u00a0 \u2028',
  'nul\u0000inside',
  'lone \ud800 surrogate',
  '',
  ' ',
];

function oddJob(i: number): JobRecord {
  const text = ODD[i % ODD.length] as string;
  return buildJob({
    jobId: `odd-${i}-${text.length}`,
    sqlText: `SELECT '${text}'`,
    userName: text,
    queueName: i % 3 === 0 ? null : text,
    errorMessage: i % 2 === 0 ? text : null,
    fingerprint: i % 5 === 0 ? null : `fp-${i % 7}`,
    queriedDatasets: i % 4 === 0 ? [] : [text, 'a,b', '{x}', 'NULL', 'q"\\'],
    scannedDatasets: [],
    rowsScanned: i % 2 === 0 ? 9_223_372_036_854_775_807n : -9_223_372_036_854_775_808n,
    bytesScanned: null,
    plannerEstimatedCost: [Number.NaN, 1e21, 0.1 + 0.2, -0, null, Number.POSITIVE_INFINITY][i % 6] as
      | number
      | null,
    durationMs: i % 3 === 0 ? null : 2 ** 53 - i,
    accelerated: [true, false, null][i % 3] as boolean | null,
    reflectionRelationships:
      i % 2 === 0 ? [] : [{ reflectionId: `r\t${text}`, datasetId: null, relationship: 'CHOSEN' }],
    raw: [
      {
        job_id: `odd-${i}`,
        text,
        big: 12_345_678_901_234_567_890n,
        nested: { list: [1, 'two', null, text] },
      },
      undefined,
      null,
      'a bare string \\ with \t',
      { nul: '\u0000', esc: '\\u0000 is text' },
    ][i % 5],
  });
}

/** A first collection, then a page with new, changed (a better source fills gaps) and unchanged jobs. */
function scenario(): { first: JobRecord[]; second: JobRecord[] } {
  const first = Array.from({ length: 120 }, (_, i) =>
    i % 2 === 0
      ? oddJob(i)
      : buildJob({
          jobId: `j${i}`,
          source: i % 3 === 0 ? 'file' : 'live',
          state: i % 5 === 0 ? 'RUNNING' : 'COMPLETED',
          engine: i % 4 === 0 ? null : 'default',
        }),
  );
  const second = [
    ...first.slice(0, 40), // unchanged
    ...first.slice(40, 80).map((job, i) => ({
      ...job,
      source: 'live' as const,
      state: 'COMPLETED',
      engine: `engine-${i}`,
      userName: i % 2 === 0 ? null : `changed\t${i}`,
      raw: { again: i },
    })),
    ...Array.from({ length: 1100 }, (_, i) =>
      i % 3 === 0 ? oddJob(1000 + i) : buildJob({ jobId: `new-${i}` }),
    ),
    first[0] as JobRecord, // a duplicate within the batch: the first record wins
  ];
  return { first, second };
}

async function storedRows(db: Db, clusterId: bigint) {
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM jobs WHERE cluster_id = ${clusterId} ORDER BY job_id`.execute(db);
  return r.rows.map(({ cluster_id, collected_at, ...rest }) => rest);
}

async function storedDays(db: Db, clusterId: bigint) {
  const r = await sql<Record<string, unknown>>`
    SELECT day, jobs FROM job_days WHERE cluster_id = ${clusterId} ORDER BY day`.execute(db);
  return r.rows;
}

async function fresh(backend: TestBackend) {
  const t: TestStore = await backend.fresh();
  cleanups.push(() => t.dispose());
  return t.store.db;
}

describe.each(testBackends())('jobs upsert through COPY [$name]', (backend) => {
  it('stores exactly what the statement path stores, with the same counts, and is idempotent', async () => {
    const db = await fresh(backend);
    const byStatement = (await ensureCluster(db, { name: 'statement', kind: 'software' })).id;
    const byCopy = (await ensureCluster(db, { name: 'copy', kind: 'software' })).id;
    const { first, second } = scenario();
    const counts = { statement: [] as unknown[], copy: [] as unknown[] };
    for (const page of [first, second, second]) {
      counts.statement.push(
        await db.transaction().execute((trx) => upsertJobsByStatement(trx, byStatement, page)),
      );
      counts.copy.push(await db.transaction().execute((trx) => upsertJobsByCopy(trx, byCopy, page)));
    }
    expect(counts.copy).toEqual(counts.statement);
    // 120 new; then 1100 new, and of the 40 altered records only those the merge lets win (a better
    // source, a stored unfinished job, a gap filled) update: 16; the rest, the 40 repeated and the
    // duplicate are unchanged; then nothing changes.
    expect(counts.copy).toEqual([
      { inserted: 120, updated: 0, unchanged: 0 },
      { inserted: 1100, updated: 16, unchanged: 65 },
      { inserted: 0, updated: 0, unchanged: 1181 },
    ]);
    const copied = await storedRows(db, byCopy);
    expect(copied).toHaveLength(1220);
    expect(copied).toEqual(await storedRows(db, byStatement));
    expect(await storedDays(db, byCopy)).toEqual(await storedDays(db, byStatement));
    const odd = copied.find((r) => r.job_id === 'odd-8-10') as Record<string, unknown>;
    expect(odd.user_name).toBe('nul\ufffdinside');
    expect(odd.rows_scanned).toBe(9_223_372_036_854_775_807n);
  });

  it('outside a transaction, each batch commits on its own as the statement path does', async () => {
    const db = await fresh(backend);
    const byStatement = (await ensureCluster(db, { name: 'statement', kind: 'software' })).id;
    const byCopy = (await ensureCluster(db, { name: 'copy', kind: 'software' })).id;
    const { second } = scenario();
    expect(await upsertJobsByCopy(db, byCopy, second)).toEqual(
      await upsertJobsByStatement(db, byStatement, second),
    );
    expect(await storedRows(db, byCopy)).toEqual(await storedRows(db, byStatement));
  });

  it('a failure in a later batch leaves nothing of the page and the watermark where it was', async () => {
    const db = await fresh(backend);
    const clusterId = (await ensureCluster(db, { name: 'c', kind: 'software' })).id;
    await writeWatermark(db, { clusterId, stream: 'history', value: { at: 'before' } });
    const page = Array.from({ length: 1500 }, (_, i) => buildJob({ jobId: `p${i}` }));
    // Out of bigint's range: the server rejects the second batch's COPY after the first was merged.
    page[1200] = buildJob({ jobId: 'bad', rowsScanned: 2n ** 63n });
    await expect(
      db.transaction().execute(async (trx) => {
        await upsertJobs(trx, clusterId, page);
        await writeWatermark(trx, { clusterId, stream: 'history', value: { at: 'after' } });
      }),
    ).rejects.toThrow(/out of range/);
    const n = await sql<{ n: bigint }>`SELECT count(*) AS n FROM jobs`.execute(db);
    expect(n.rows[0]?.n).toBe(0n);
    expect(await readWatermark(db, clusterId, 'history')).toEqual({ at: 'before' });
    // The store is usable afterwards, and the same page without the bad job goes in whole.
    page[1200] = buildJob({ jobId: 'good' });
    expect(await db.transaction().execute((trx) => upsertJobs(trx, clusterId, page))).toEqual({
      inserted: 1500,
      updated: 0,
      unchanged: 0,
    });
  });
});
