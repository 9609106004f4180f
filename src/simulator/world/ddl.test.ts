import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world.js';
import type { SimWorld } from '../world.js';
import { testWorldOptions } from './test-world.js';

const AT = new Date('2026-11-01T09:00:00Z').getTime();
const USER = { user: 'dave.okafor', at: AT };

function sampleSql(world: SimWorld, template: string): { sql: string; medianMs: number } {
  const ids = world.truth().templates.find((t) => t.template === template)?.jobIds ?? [];
  const jobs = ids.map((id) => world.jobById(id)).flatMap((j) => (j ? [j] : []));
  const durations = jobs.map((j) => j.phases.finalState - j.submittedEpochMs).sort((a, b) => a - b);
  return { sql: jobs[0]?.sql ?? '', medianMs: durations[durations.length >> 1] ?? 0 };
}

function durationMs(job: { phases: { finalState: number }; submittedEpochMs: number }): number {
  return job.phases.finalState - job.submittedEpochMs;
}

describe('workload SQL over REST', () => {
  it('matches a template by its datasets and runs it like history does', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const { sql } = sampleSql(world, 'orders-by-channel-week');
    const result = world.submitSql(sql, USER);
    expect(result.job.template).toBe('orders-by-channel-week');
    expect(result.job.queryType).toBe('REST');
    expect(result.job.user).toBe('dave.okafor');
    expect(result.result?.rowCount).toBe(Number(result.job.rowsReturned));
    expect(result.result?.rows(0, 3)).toHaveLength(Math.min(3, Number(result.job.rowsReturned)));
    expect(world.jobById(result.job.jobId)).toEqual(result.job);
    expect(world.profileJson(result.job.jobId, 0)).toContain('"query":');
  });

  it('fails unknown objects the way Dremio does', () => {
    const world = createWorld(testWorldOptions({ jobs: 100 }));
    const cases = [
      {
        sql: 'SELECT * FROM lakehouse.sales.orderz',
        message: "VALIDATION ERROR: Object 'orderz' not found within 'lakehouse.sales'",
      },
      { sql: 'SELECT 1 FROM nowhere', message: "VALIDATION ERROR: Object 'nowhere' not found" },
      {
        sql: 'OPTIMIZE TABLE lakehouse.web.eventz',
        message: "VALIDATION ERROR: Object 'eventz' not found within 'lakehouse.web'",
      },
    ];
    for (const c of cases) {
      const { job, result } = world.submitSql(c.sql, USER);
      expect(job.finalState, c.sql).toBe('FAILED');
      expect(job.errorMessage).toBe(c.message);
      expect(result).toBeUndefined();
    }
  });

  it('records server-run queries after history, in order, visible in sys.jobs_recent', () => {
    const world = createWorld(testWorldOptions({ jobs: 100 }));
    const job = world.recordQueryJob({
      sql: 'SELECT * FROM sys.jobs_recent',
      user: 'dremio',
      at: AT,
      finalState: 'COMPLETED',
      errorMessage: '',
      rowsReturned: 100,
    });
    expect(job.queryType).toBe('REST');
    expect(world.jobById(job.jobId)).toEqual(job);
    const rows = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])];
    expect(rows.at(-1)?.job_id).toBe(job.jobId);
    expect(rows).toHaveLength(101);
  });
});

describe('DDL changes later runs', () => {
  it('CREATE AGGREGATE REFLECTION accelerates the reflection-missing template it covers', () => {
    const world = createWorld(testWorldOptions({ jobs: 3000 }));
    const { sql, medianMs } = sampleSql(world, 'sessions-channel-kpis');
    const before = world.submitSql(sql, USER).job;
    expect(before.accelerated).toBe(false);
    const ddl = world.submitSql(
      'ALTER TABLE lakehouse.web.sessions CREATE AGGREGATE REFLECTION sessions_kpis USING ' +
        'DIMENSIONS (session_start BY DAY, channel) MEASURES (revenue (SUM, COUNT), pageviews (SUM, COUNT)) ' +
        'PARTITION BY (session_start)',
      USER,
    );
    expect(ddl.job.finalState).toBe('COMPLETED');
    const created = world.reflections().find((r) => r.name === 'sessions_kpis');
    expect(created).toBeDefined();
    const rows = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])];
    const refresh = rows.at(-1);
    expect(refresh?.query_type).toBe('ACCELERATOR_CREATE');
    expect(refresh?.query).toBe(
      `REFRESH REFLECTION '${created?.id}' AS '${String(refresh?.query).split("'")[3]}'`,
    );
    expect(refresh?.status).toBe('COMPLETED');
    const row = [...(world.table('sys.reflections')?.scan([]) ?? [])].find(
      (r) => r.reflection_id === created?.id,
    );
    expect(Number(row?.last_refresh_duration_millis)).toBe(
      Number(refresh?.final_state_epoch_millis) - Number(refresh?.submitted_epoch_millis),
    );
    const after = world.submitSql(sql, { ...USER, at: AT + 60_000 }).job;
    expect(after.accelerated).toBe(true);
    expect(after.reflectionRelationships).toContainEqual(
      expect.objectContaining({ reflectionId: created?.id, relationship: 'CHOSEN' }),
    );
    expect(after.scannedDatasets).toEqual([created?.id]);
    expect(durationMs(after) * 5).toBeLessThan(Math.min(durationMs(before), medianMs));
    const profile = world.profileJson(after.jobId, 0) ?? '';
    expect(profile).toContain('__accelerator');
    expect(profile).toMatch(/"numUsed":1/);
  });

  it('DROP REFLECTION stops the acceleration', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const { sql } = sampleSql(world, 'revenue-by-region-daily');
    expect(world.submitSql(sql, USER).job.accelerated).toBe(true);
    const dropped = world.submitSql(
      'ALTER TABLE lakehouse.sales.orders DROP REFLECTION orders_daily_region_agg',
      USER,
    );
    expect(dropped.job.finalState).toBe('COMPLETED');
    expect(world.submitSql(sql, { ...USER, at: AT + 1 }).job.accelerated).toBe(false);
  });

  it('OPTIMIZE TABLE compacts a small-files table to 256 MB files, one at least per partition, and speeds its scans up', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const files = () =>
      [...(world.tableFunction('table_files', 'lakehouse.web.events')?.scan([]) ?? [])].length;
    expect(files()).toBe(24_000);
    const { sql } = sampleSql(world, 'events-bot-traffic');
    const before = world.submitSql(sql, USER).job;
    const optimize = world.submitSql('OPTIMIZE TABLE lakehouse.web.events REWRITE DATA USING BIN_PACK', USER);
    expect(optimize.job.finalState).toBe('COMPLETED');
    // 48 GiB is 192 files of 256 MB, but bin-packing keeps the 365 day partitions apart.
    expect(files()).toBe(Math.max(Math.ceil((48 * 1024 ** 3) / (256 * 1024 ** 2)), 365));
    const after = world.submitSql(sql, { ...USER, at: AT + 1 }).job;
    expect(durationMs(after) * 2).toBeLessThan(durationMs(before));
    expect(world.truth().datasets.find((d) => d.path === 'lakehouse.web.events')?.labels).toEqual([]);
  });

  it('ADD PARTITION FIELD makes filters on that column prune', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const { sql } = sampleSql(world, 'orders-returned-by-reason');
    const before = world.submitSql(sql, USER).job;
    expect(before.labels).toEqual(['partition-pruning']);
    const ddl = world.submitSql('ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD status', USER);
    expect(ddl.job.finalState).toBe('COMPLETED');
    const after = world.submitSql(sql, { ...USER, at: AT + 1 }).job;
    expect(after.labels).toEqual([]);
    expect(after.rowsScanned * 10n).toBeLessThan(before.rowsScanned);
    expect(world.profileJson(after.jobId, 0)).toContain(
      'ManifestList Filter Expression =[ref(name=\\"status\\")',
    );
  });

  it('rejects DDL on a column the table lacks, without changing it', () => {
    const world = createWorld(testWorldOptions({ jobs: 100 }));
    const { job } = world.submitSql(
      'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD day(no_such_column)',
      USER,
    );
    expect(job.finalState).toBe('FAILED');
    expect(job.errorMessage).toContain("Column 'no_such_column' not found");
  });
});

describe('reflections over REST', () => {
  it('creates, updates and deletes a reflection, and a covered template uses it', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const dataset = world.catalogByPath(['datalake', 'raw', 'clickstream']);
    expect(dataset?.type).toBe('PHYSICAL_DATASET');
    const created = world.createReflection({
      type: 'AGGREGATION',
      name: 'campaign_daily',
      datasetId: dataset?.id,
      enabled: true,
      dimensionFields: [{ name: 'dt' }, { name: 'campaign_id' }],
      measureFields: [
        { name: 'cost_micros', measureTypeList: ['SUM'] },
        { name: 'clicks', measureTypeList: ['SUM'] },
        { name: 'conversions', measureTypeList: ['SUM'] },
      ],
    });
    expect(created.datasetId).toBe(dataset?.id);
    expect(world.reflectionById(created.id)).toEqual(created);
    const { sql } = sampleSql(world, 'clickstream-campaign-spend');
    expect(world.submitSql(sql, USER).job.accelerated).toBe(true);
    const disabled = world.updateReflection(created.id, { tag: created.tag, enabled: false });
    expect(disabled?.enabled).toBe(false);
    expect(disabled?.tag).not.toBe(created.tag);
    expect(world.submitSql(sql, { ...USER, at: AT + 1 }).job.accelerated).toBe(false);
    expect(world.deleteReflection(created.id)).toBe(true);
    expect(world.reflectionById(created.id)).toBeUndefined();
    expect(world.deleteReflection(created.id)).toBe(false);
  });
});

describe('metadata, statistics and option statements', () => {
  it('runs REFRESH METADATA, ANALYZE TABLE and ALTER SYSTEM SET as Dremio does', () => {
    const world = createWorld(testWorldOptions({ jobs: 50 }));
    for (const sql of [
      'ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA',
      'ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA FOR ALL FILES FORCE UPDATE',
      'ANALYZE TABLE lakehouse.sales.orders FOR ALL COLUMNS COMPUTE STATISTICS',
      'ANALYZE TABLE lakehouse.sales.orders FOR COLUMNS (customer_id) COMPUTE STATISTICS',
      'ALTER SYSTEM SET "exec.queue.memory.large" = 8589934592',
    ]) {
      const { job, result } = world.submitSql(sql, USER);
      expect(job.finalState, sql).toBe('COMPLETED');
      expect(result?.rows(0, 1)[0]?.ok, sql).toBe(true);
    }
  });

  it('fails them on views, unknown columns, unknown options and values of the wrong type', () => {
    const world = createWorld(testWorldOptions({ jobs: 50 }));
    const cases = [
      ['ALTER TABLE analytics.daily_revenue REFRESH METADATA', /needs a table/],
      [
        'ANALYZE TABLE lakehouse.sales.orders FOR COLUMNS (no_such) COMPUTE STATISTICS',
        /Column 'no_such' not found/,
      ],
      ['ALTER TABLE lakehouse.nowhere.t REFRESH METADATA', /Object 't' not found within 'lakehouse.nowhere'/],
      ['ALTER SYSTEM SET "planner.memory.max_query_memory_per_node" = 1', /does not exist/],
      ['ALTER SYSTEM SET "exec.queue.memory.large" = true', /must be of type LONG/],
      ['ALTER SYSTEM SET "exec.queue.memory.large" = -1', /must be between 0/],
    ] as const;
    for (const [sql, says] of cases) {
      const { job } = world.submitSql(sql, USER);
      expect(job.finalState, sql).toBe('FAILED');
      expect(job.errorMessage, sql).toMatch(says);
    }
  });
});

describe('unsupported statements', () => {
  it("fidelity-gaps #7: DDL that breaks Dremio's grammar fails with PARSE ERROR and changes nothing", () => {
    const world = createWorld(testWorldOptions({ jobs: 50 }));
    const before = world.reflections().length;
    for (const sql of [
      'ALTER TABLE lakehouse.sales.orders CREATE AGGREGATE REFLECTION r USING DIMENSIONS region',
      'ALTER TABLE lakehouse.sales.orders CREATE AGGREGATE REFLECTION r USING MEASURES (amount (AVG))',
      'ALTER TABLE lakehouse.sales.orders CREATE AGGREGATE REFLECTION r USING PARTITION BY (region)',
      'ALTER TABLE lakehouse.sales.orders CREATE RAW REFLECTION r USING DISPLAY (region) extra',
      'OPTIMIZE TABLE lakehouse.web.events WHERE event_ts > 0',
      'OPTIMIZE TABLE lakehouse.web.events (TARGET_FILE_SIZE = 512)',
      'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD month(order_ts',
      'ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA FORCE',
      'ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA LAZY UPDATE AUTO PROMOTION',
      'ANALYZE TABLE lakehouse.sales.orders COMPUTE STATISTICS',
      'ANALYZE TABLE lakehouse.sales.orders FOR ALL COLUMNS COMPUTE',
      'ALTER SYSTEM SET "exec.queue.memory.large"',
      'ALTER SYSTEM "exec.queue.memory.large" = 1',
    ]) {
      const { job } = world.submitSql(sql, USER);
      expect(job.finalState, sql).toBe('FAILED');
      expect(job.errorMessage, sql).toBe('PARSE ERROR: Failure parsing the query.');
    }
    expect(world.reflections()).toHaveLength(before);
  });

  it('fails DDL it does not model instead of pretending it ran', () => {
    const world = createWorld(testWorldOptions({ jobs: 50 }));
    for (const sql of [
      'VACUUM TABLE lakehouse.web.events EXPIRE SNAPSHOTS',
      'DROP TABLE lakehouse.web.events',
    ]) {
      const { job } = world.submitSql(sql, USER);
      expect(job.finalState, sql).toBe('FAILED');
      expect(job.errorMessage).toMatch(/^UNSUPPORTED_OPERATION ERROR: /);
    }
    expect(world.tableFunction('table_files', 'lakehouse.web.events')).toBeDefined();
  });
});
