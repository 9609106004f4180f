import { describe, expect, it } from 'vitest';
import { readDdlChange } from './ddl-change.js';

describe('readDdlChange', () => {
  it.each([
    [
      'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION orders_agg USING DIMENSIONS (region) LOCALSORT BY (region)',
      {
        kind: 'reflection-created',
        datasetPath: 'lake.sales.orders',
        reflectionName: 'orders_agg',
        subject: 'lake.sales.orders::orders_agg',
      },
    ],
    [
      'alter dataset Samples."samples.dremio.com"."zips.json" create raw reflection "zips raw" using display (city)',
      {
        kind: 'reflection-created',
        pathParts: ['Samples', 'samples.dremio.com', 'zips.json'],
        datasetPath: 'Samples."samples.dremio.com"."zips.json"',
        subject: 'Samples."samples.dremio.com"."zips.json"::zips raw',
      },
    ],
    [
      'ALTER VIEW datalake."partner feeds"."acme ""gold"" orders" DROP REFLECTION "3f2a-11"',
      {
        kind: 'reflection-dropped',
        pathParts: ['datalake', 'partner feeds', 'acme "gold" orders'],
        reflectionName: '3f2a-11',
      },
    ],
    [
      '  OPTIMIZE TABLE lake.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256);',
      { kind: 'table-rewritten', subject: 'lake.web.events', reflectionName: null },
    ],
    [
      'ALTER TABLE lake.web.events ADD PARTITION FIELD day(event_ts)',
      { kind: 'partition-spec-changed', subject: 'lake.web.events' },
    ],
    ['ALTER TABLE lake.web.events DROP PARTITION FIELD event_ts', { kind: 'partition-spec-changed' }],
  ])('%s', (sql, expected) => {
    expect(readDdlChange(sql)).toMatchObject(expected);
  });

  it.each([
    'SELECT * FROM lake.web.events',
    'ALTER TABLE lake.web.events REFRESH REFLECTIONS',
    'ALTER TABLE lake.web.events CREATE AGGREGATE REFLECTION',
    'ALTER TABLE lake.web.events DROP COLUMN a',
    'OPTIMIZE lake.web.events',
    'ALTER TABLE lake. CREATE RAW REFLECTION x USING DISPLAY (a)',
  ])('reads no change from %s', (sql) => {
    expect(readDdlChange(sql)).toBeUndefined();
  });
});
