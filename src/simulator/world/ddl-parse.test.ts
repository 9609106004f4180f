import { describe, expect, it } from 'vitest';
import { parseDdl } from './ddl.js';

describe('parseDdl', () => {
  const cases = [
    {
      name: 'aggregate reflection with granularity, measure lists and partitioning',
      sql:
        'ALTER TABLE lakehouse.web.sessions CREATE AGGREGATE REFLECTION "kpis" USING DIMENSIONS (session_start BY DAY, channel) ' +
        'MEASURES (revenue (SUM, COUNT), pageviews (SUM)) PARTITION BY (session_start) LOCALSORT BY (channel)',
      expected: {
        kind: 'create-reflection',
        path: ['lakehouse', 'web', 'sessions'],
        name: 'kpis',
        type: 'AGGREGATION',
        dimensions: ['session_start', 'channel'],
        measures: ['revenue', 'pageviews'],
        display: [],
        partition: ['session_start'],
      },
    },
    {
      name: 'raw reflection on a view with quoted path segments',
      sql: 'alter view "analytics"."daily_revenue" create raw reflection r1 using display (order_date, region)',
      expected: {
        kind: 'create-reflection',
        path: ['analytics', 'daily_revenue'],
        name: 'r1',
        type: 'RAW',
        dimensions: [],
        measures: [],
        display: ['order_date', 'region'],
        partition: [],
      },
    },
    {
      name: 'drop reflection',
      sql: 'ALTER DATASET lakehouse.sales.orders DROP REFLECTION orders_daily_region_agg',
      expected: {
        kind: 'drop-reflection',
        path: ['lakehouse', 'sales', 'orders'],
        name: 'orders_daily_region_agg',
      },
    },
    {
      name: 'optimize with options and a comment',
      sql: '-- compact\nOPTIMIZE TABLE lakehouse.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
      expected: { kind: 'optimize', path: ['lakehouse', 'web', 'events'], targetFileMb: 256 },
    },
    {
      name: 'refresh reflections on a quoted path',
      sql: 'ALTER DATASET "lakehouse".sales."orders" REFRESH REFLECTIONS;',
      expected: { kind: 'refresh-reflections', path: ['lakehouse', 'sales', 'orders'] },
    },
    {
      name: 'add an identity partition field',
      sql: 'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD status',
      expected: {
        kind: 'add-partition-field',
        path: ['lakehouse', 'sales', 'orders'],
        column: 'status',
        transform: 'identity',
      },
    },
    {
      name: 'add a bucket partition field',
      sql: 'ALTER TABLE lakehouse.sales.customers ADD PARTITION FIELD bucket(16, customer_id)',
      expected: {
        kind: 'add-partition-field',
        path: ['lakehouse', 'sales', 'customers'],
        column: 'customer_id',
        transform: 'bucket',
        width: 16,
      },
    },
    {
      name: 'refresh metadata with its optional clauses',
      sql: 'ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA FOR ALL FILES AVOID PROMOTION LAZY UPDATE',
      expected: { kind: 'refresh-metadata', path: ['datalake', 'raw', 'marketing_spend'] },
    },
    {
      name: 'refresh metadata for named partitions',
      sql: `ALTER TABLE datalake.raw.clickstream REFRESH METADATA FOR PARTITIONS ("dt" = '2026-11-01')`,
      expected: { kind: 'refresh-metadata', path: ['datalake', 'raw', 'clickstream'] },
    },
    {
      name: 'analyze table for all columns',
      sql: 'ANALYZE TABLE lakehouse.sales.orders FOR ALL COLUMNS COMPUTE STATISTICS',
      expected: { kind: 'analyze-table', path: ['lakehouse', 'sales', 'orders'], columns: [], compute: true },
    },
    {
      name: 'analyze table deleting named columns',
      sql: 'analyze table lakehouse.sales.orders for columns (region, "channel") delete statistics',
      expected: {
        kind: 'analyze-table',
        path: ['lakehouse', 'sales', 'orders'],
        columns: ['region', 'channel'],
        compute: false,
      },
    },
    {
      name: 'a quoted system option',
      sql: 'ALTER SYSTEM SET "exec.queue.memory.large" = 8589934592',
      expected: { kind: 'set-option', scope: 'SYSTEM', name: 'exec.queue.memory.large', value: 8589934592 },
    },
    {
      name: 'an unquoted session option set to a boolean',
      sql: 'alter session set exec.queue.enable = false',
      expected: { kind: 'set-option', scope: 'SESSION', name: 'exec.queue.enable', value: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseDdl(c.sql)).toEqual(c.expected);
    });
  }

  it('leaves queries and unknown statements alone', () => {
    for (const sql of [
      'SELECT * FROM lakehouse.sales.orders',
      'VACUUM TABLE t EXPIRE SNAPSHOTS',
      '',
      'ALTER TABLE t',
    ]) {
      expect(parseDdl(sql), sql).toBeUndefined();
    }
  });
});
