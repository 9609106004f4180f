import { describe, expect, it } from 'vitest';
import { validateDdl } from './ddl-validator.js';

const VALID: readonly { readonly name: string; readonly sql: string; readonly shape: string }[] = [
  {
    name: 'aggregate reflection with day dimension and measures',
    sql: 'ALTER TABLE lake.web.sessions CREATE AGGREGATE REFLECTION s_agg USING DIMENSIONS (session_start BY DAY, channel) MEASURES (revenue (SUM, COUNT), pageviews (MIN, MAX))',
    shape: 'create-aggregate-reflection',
  },
  {
    name: 'aggregate reflection with measures only and approx distinct',
    sql: 'ALTER DATASET a.b CREATE AGGREGATE REFLECTION r USING MEASURES (u (APPROX COUNT DISTINCT))',
    shape: 'create-aggregate-reflection',
  },
  {
    name: 'raw reflection with quoted names, partition transform and local sort',
    sql: 'ALTER VIEW "my space"."v.1" CREATE RAW REFLECTION "r" USING DISPLAY ("value", id, ts) PARTITION BY (day(ts), bucket(16, id)) LOCALSORT BY (ts)',
    shape: 'create-raw-reflection',
  },
  {
    name: 'raw reflection with striped partitioning and arrow cache',
    sql: 'ALTER TABLE t CREATE RAW REFLECTION r USING DISPLAY (a) DISTRIBUTE BY (a) STRIPED PARTITION BY (a) ARROW CACHE;',
    shape: 'create-raw-reflection',
  },
  { name: 'drop reflection', sql: 'ALTER TABLE a.b DROP REFLECTION old_agg', shape: 'drop-reflection' },
  {
    name: 'clustering keys (Dremio 26)',
    sql: 'ALTER TABLE a.b CLUSTER BY (status, "region")',
    shape: 'cluster-table',
  },
  { name: 'refresh reflections', sql: 'ALTER TABLE a.b REFRESH REFLECTIONS', shape: 'refresh-reflections' },
  {
    name: 'add partition field with day transform',
    sql: 'ALTER TABLE a.b ADD PARTITION FIELD day(order_ts)',
    shape: 'add-partition-field',
  },
  {
    name: 'add partition field with truncate',
    sql: 'alter table a.b add partition field truncate(4, "code")',
    shape: 'add-partition-field',
  },
  {
    name: 'optimize with target size',
    sql: 'OPTIMIZE TABLE a.b REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256, MIN_INPUT_FILES = 5)',
    shape: 'optimize-table',
  },
  { name: 'optimize manifests', sql: 'OPTIMIZE TABLE a.b REWRITE MANIFESTS', shape: 'optimize-table' },
  { name: 'bare optimize with comment', sql: '-- compact\nOPTIMIZE TABLE a.b', shape: 'optimize-table' },
  {
    name: 'refresh metadata',
    sql: 'ALTER TABLE datalake.raw.spend REFRESH METADATA',
    shape: 'refresh-metadata',
  },
  {
    name: 'refresh metadata with every optional clause, in order',
    sql: 'ALTER TABLE "s3"."a b".t REFRESH METADATA FOR ALL FILES AUTO PROMOTION FORCE UPDATE MAINTAIN WHEN MISSING;',
    shape: 'refresh-metadata',
  },
  {
    name: 'analyze all columns',
    sql: 'ANALYZE TABLE lake.sales.orders FOR ALL COLUMNS COMPUTE STATISTICS',
    shape: 'compute-statistics',
  },
  {
    name: 'analyze named columns',
    sql: 'analyze table lake.sales.orders for columns (customer_id, "region") compute statistics',
    shape: 'compute-statistics',
  },
  {
    name: 'set a system option',
    sql: 'ALTER SYSTEM SET "exec.queue.memory.large" = 8589934592',
    shape: 'set-option',
  },
];

const MALFORMED: readonly { readonly name: string; readonly sql: string; readonly says: RegExp }[] = [
  { name: 'empty', sql: '', says: /expected ALTER/ },
  { name: 'not DDL', sql: 'SELECT * FROM t', says: /expected ALTER/ },
  { name: 'missing target keyword', sql: 'ALTER a.b DROP REFLECTION r', says: /expected TABLE/ },
  {
    name: 'aggregate with neither dimensions nor measures',
    sql: 'ALTER TABLE t CREATE AGGREGATE REFLECTION r USING',
    says: /DIMENSIONS or MEASURES/,
  },
  {
    name: 'unquoted reserved word as column',
    sql: 'ALTER TABLE t CREATE RAW REFLECTION r USING DISPLAY (select, b)',
    says: /reserved word select/,
  },
  {
    name: 'unknown measure type',
    sql: 'ALTER TABLE t CREATE AGGREGATE REFLECTION r USING MEASURES (m (AVG))',
    says: /expected SUM/,
  },
  {
    name: 'a double quote inside an unquoted part',
    sql: 'ALTER TABLE lake.acme"gold" REFRESH REFLECTIONS',
    says: /expected CREATE, DROP, REFRESH, CLUSTER or ADD/,
  },
  {
    name: 'a quoted part left open',
    sql: 'ALTER TABLE lake."acme gold REFRESH REFLECTIONS',
    says: /expected a path part/,
  },
  {
    name: 'clustering a view',
    sql: 'ALTER VIEW a.v CLUSTER BY (status)',
    says: /CLUSTER BY needs ALTER TABLE/,
  },
  {
    name: 'clustering keys without parentheses',
    sql: 'ALTER TABLE a.b CLUSTER BY status',
    says: /expected '\('/,
  },
  {
    name: 'duplicate dimension',
    sql: 'ALTER TABLE t CREATE AGGREGATE REFLECTION r USING DIMENSIONS (a, a)',
    says: /listed twice/,
  },
  {
    name: 'BY without DAY',
    sql: 'ALTER TABLE t CREATE AGGREGATE REFLECTION r USING DIMENSIONS (ts BY MONTH)',
    says: /expected DAY/,
  },
  {
    name: 'unclosed column list',
    sql: 'ALTER TABLE t CREATE RAW REFLECTION r USING DISPLAY (a, b',
    says: /expected '\)'/,
  },
  {
    name: 'empty column list',
    sql: 'ALTER TABLE t CREATE RAW REFLECTION r USING DISPLAY ()',
    says: /display column/,
  },
  { name: 'trailing garbage', sql: 'ALTER TABLE t DROP REFLECTION r extra', says: /end of the statement/ },
  {
    name: 'two statements',
    sql: 'ALTER TABLE t DROP REFLECTION r; DROP TABLE t',
    says: /end of the statement/,
  },
  {
    name: 'partition field on a view',
    sql: 'ALTER VIEW v ADD PARTITION FIELD day(ts)',
    says: /needs ALTER TABLE/,
  },
  { name: 'bucket without width', sql: 'ALTER TABLE t ADD PARTITION FIELD bucket(id)', says: /bucket width/ },
  { name: 'zero target size', sql: 'OPTIMIZE TABLE t (TARGET_FILE_SIZE_MB = 0)', says: /positive whole/ },
  {
    name: 'unknown optimize option',
    sql: 'OPTIMIZE TABLE t (TARGET_SIZE = 5)',
    says: /expected MIN_INPUT_FILES/,
  },
  {
    name: 'min above target',
    sql: 'OPTIMIZE TABLE t (TARGET_FILE_SIZE_MB = 64, MIN_FILE_SIZE_MB = 128)',
    says: /must not exceed/,
  },
  { name: 'empty quoted identifier', sql: 'ALTER TABLE "" DROP REFLECTION r', says: /dataset path/ },
  { name: 'dangling dot in path', sql: 'ALTER TABLE a. DROP REFLECTION r', says: /path part/ },
  {
    name: 'refresh metadata on a view',
    sql: 'ALTER VIEW a.v REFRESH METADATA',
    says: /REFRESH METADATA is emitted on ALTER TABLE only/,
  },
  {
    name: 'refresh metadata with clauses out of order',
    sql: 'ALTER TABLE a.b REFRESH METADATA FORCE UPDATE AUTO PROMOTION',
    says: /expected the end/,
  },
  {
    name: 'refresh metadata for a file list',
    sql: 'ALTER TABLE a.b REFRESH METADATA FOR FILES (x)',
    says: /expected ALL/,
  },
  { name: 'analyze without FOR', sql: 'ANALYZE TABLE a.b COMPUTE STATISTICS', says: /expected FOR/ },
  {
    name: 'analyze that deletes',
    sql: 'ANALYZE TABLE a.b FOR ALL COLUMNS DELETE STATISTICS',
    says: /expected COMPUTE/,
  },
  { name: 'session option', sql: 'ALTER SESSION SET "exec.queue.memory.large" = 1', says: /expected TABLE/ },
  {
    name: 'unknown option',
    sql: 'ALTER SYSTEM SET "planner.memory.max_query_memory_per_node" = 1',
    says: /unknown or unsupported option/,
  },
  {
    name: 'negative option value',
    sql: 'ALTER SYSTEM SET "exec.queue.memory.small" = -1',
    says: /a whole number/,
  },
  {
    name: 'fractional option value',
    sql: 'ALTER SYSTEM SET "exec.queue.memory.small" = 1.5',
    says: /at least 0/,
  },
];

describe('validateDdl', () => {
  for (const c of VALID) {
    it(`accepts ${c.name}`, () => {
      const result = validateDdl(c.sql);
      expect(result).toMatchObject({ ok: true, shape: c.shape });
    });
  }
  for (const c of MALFORMED) {
    it(`rejects ${c.name}`, () => {
      const result = validateDdl(c.sql);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(c.says);
    });
  }
  it('reports the offset of the first bad token', () => {
    const result = validateDdl('ALTER TABLE t DROP REFLECTON r');
    expect(result).toMatchObject({ ok: false, offset: 19 });
  });
  it('returns the dataset path parts unquoted', () => {
    expect(validateDdl('ALTER TABLE a."b.c" DROP REFLECTION r')).toMatchObject({ path: ['a', 'b.c'] });
  });
});
