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
