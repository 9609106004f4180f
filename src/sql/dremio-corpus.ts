/**
 * Dremio (Calcite) statements covering the shapes the product meets: BI queries over 4-part paths,
 * time travel, reflection DDL, Iceberg maintenance, system tables. Tests and `bench/sql-parsers.ts` use
 * it; the real fixtures' queries are added to it there. Data only.
 */
export interface CorpusStatement {
  readonly name: string;
  readonly sql: string;
}

export const DREMIO_SQL_CORPUS: readonly CorpusStatement[] = [
  { name: 'select star', sql: 'SELECT * FROM pglocal.public.records' },
  { name: 'sys jobs limit', sql: 'SELECT * FROM sys.jobs LIMIT 100000' },
  {
    name: 'samples group by',
    sql: 'SELECT NAME, STATION, MAX(ELEVATION) AS Maximum_ELEVATION\nFROM Samples."samples.dremio.com"."SF weather 2018-2019.csv"\nGROUP BY NAME, STATION',
  },
  {
    name: 'four-part path',
    sql: 'SELECT a, b FROM s3.bucket."folder one".events WHERE a = 1',
  },
  {
    name: 'quoted four-part path',
    sql: 'SELECT "a" FROM "src"."folder"."sub"."t" WHERE "x" = 7 AND name IN (\'z\') LIMIT 5',
  },
  {
    name: 'join aggregate',
    sql: "SELECT c.region, SUM(o.amount) AS revenue, COUNT(DISTINCT o.customer_id) FROM lake.sales.orders o JOIN lake.sales.customers c ON o.customer_id = c.id WHERE o.order_date >= DATE '2024-01-01' GROUP BY c.region ORDER BY revenue DESC",
  },
  {
    name: 'left join multi key',
    sql: 'SELECT * FROM a.t1 x LEFT OUTER JOIN a.t2 y ON x.k1 = y.k1 AND x.k2 = y.k2',
  },
  { name: 'cross join', sql: 'SELECT * FROM a.t1 CROSS JOIN a.t2' },
  { name: 'non-equi join', sql: 'SELECT * FROM a.t1 x JOIN a.t2 y ON x.ts BETWEEN y.start_ts AND y.end_ts' },
  { name: 'full outer join', sql: 'SELECT * FROM a.t1 x FULL OUTER JOIN a.t2 y ON x.id = y.id' },
  { name: 'comma join', sql: 'SELECT x.a, y.b FROM a.t1 x, a.t2 y WHERE x.id = y.id' },
  {
    name: 'cte and window',
    sql: "WITH daily AS (SELECT DATE_TRUNC('DAY', ts) AS d, COUNT(*) AS n FROM logs.web.hits GROUP BY DATE_TRUNC('DAY', ts)) SELECT d, n, AVG(n) OVER (ORDER BY d ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg7 FROM daily",
  },
  {
    name: 'qualify',
    sql: 'SELECT * FROM s.t QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) = 1',
  },
  { name: 'year filter', sql: 'SELECT COUNT(*) FROM s.events WHERE YEAR(event_ts) = 2024' },
  {
    name: 'interval filter',
    sql: "SELECT * FROM s.events WHERE event_ts > CURRENT_TIMESTAMP - INTERVAL '7' DAY",
  },
  {
    name: 'group by cast date',
    sql: 'SELECT CAST(ts AS DATE) AS d, SUM(bytes) FROM s.net GROUP BY CAST(ts AS DATE)',
  },
  { name: 'group by to_date', sql: 'SELECT TO_DATE(ts), COUNT(*) FROM s.net GROUP BY TO_DATE(ts)' },
  { name: 'in subquery', sql: 'SELECT * FROM s.a WHERE id IN (SELECT id FROM s.b WHERE flag = TRUE)' },
  { name: 'exists', sql: 'SELECT * FROM s.a WHERE EXISTS (SELECT 1 FROM s.b WHERE s.b.id = s.a.id)' },
  {
    name: 'derived table',
    sql: 'SELECT t.k, t.n FROM (SELECT k, COUNT(*) AS n FROM s.a GROUP BY k) t WHERE t.n > 10',
  },
  { name: 'union all', sql: 'SELECT a FROM s.x UNION ALL SELECT a FROM s.y' },
  { name: 'fetch first', sql: 'SELECT a FROM s.t ORDER BY a OFFSET 10 ROWS FETCH FIRST 20 ROWS ONLY' },
  { name: 'values', sql: "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)" },
  { name: 'table function', sql: "SELECT * FROM TABLE(sys.reflection_lineage('abc'))" },
  { name: 'cast varchar', sql: 'SELECT CAST(a AS VARCHAR(100)) FROM s.t' },
  { name: 'listagg', sql: "SELECT k, LISTAGG(v, ',') FROM s.t GROUP BY k" },
  { name: 'is not distinct', sql: 'SELECT * FROM s.a x JOIN s.b y ON x.k IS NOT DISTINCT FROM y.k' },
  { name: 'nvl to_char', sql: "SELECT NVL(a, 0), TO_CHAR(ts, 'YYYY-MM') FROM s.t" },
  { name: 'rollup', sql: 'SELECT a, b, SUM(c) FROM s.t GROUP BY ROLLUP(a, b)' },
  { name: 'tablesample', sql: 'SELECT * FROM s.t TABLESAMPLE BERNOULLI (10)' },
  {
    name: 'insert select',
    sql: "INSERT INTO lake.db.target SELECT * FROM lake.db.staging WHERE ds = '2024-05-01'",
  },
  { name: 'insert values', sql: "INSERT INTO lake.db.t (id, name) VALUES (1, 'a'), (2, 'b')" },
  {
    name: 'ctas',
    sql: 'CREATE TABLE lake.db.summary AS SELECT region, SUM(amount) AS total FROM lake.db.sales GROUP BY region',
  },
  { name: 'create view', sql: 'CREATE OR REPLACE VIEW space.folder.sub.v AS SELECT * FROM lake.db.t' },
  { name: 'update', sql: "UPDATE lake.db.t SET status = 'done' WHERE id = 5" },
  { name: 'delete', sql: "DELETE FROM lake.db.t WHERE ds < '2020-01-01'" },
  {
    name: 'merge',
    sql: 'MERGE INTO lake.db.t t USING lake.db.s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)',
  },
  { name: 'optimize', sql: 'OPTIMIZE TABLE lake.db.events' },
  {
    name: 'optimize options',
    sql: 'OPTIMIZE TABLE lake.db.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
  },
  { name: 'show tables', sql: 'SHOW TABLES IN lake.db' },
  { name: 'describe', sql: 'DESCRIBE lake.db.events' },
  { name: 'at snapshot', sql: "SELECT * FROM lake.db.events AT SNAPSHOT '5393090506354317772'" },
  { name: 'at branch', sql: "SELECT COUNT(*) FROM nessie.db.events AT BRANCH dev WHERE ds = '2024-01-01'" },
  { name: 'at timestamp', sql: "SELECT * FROM lake.db.events AT TIMESTAMP '2024-01-01 00:00:00.000'" },
  {
    name: 'aggregate reflection',
    sql: 'ALTER TABLE lake.db.events CREATE AGGREGATE REFLECTION agg_by_day USING DIMENSIONS (ds, region) MEASURES (amount (SUM, COUNT))',
  },
  {
    name: 'raw reflection',
    sql: 'ALTER DATASET space.v CREATE RAW REFLECTION raw1 USING DISPLAY (a, b) PARTITION BY (ds)',
  },
  { name: 'refresh metadata', sql: 'ALTER TABLE lake.db.events REFRESH METADATA' },
  { name: 'vacuum', sql: "VACUUM TABLE lake.db.events EXPIRE SNAPSHOTS OLDER_THAN '2024-01-01 00:00:00'" },
  { name: 'copy into', sql: "COPY INTO lake.db.events FROM '@s3/bucket/path' FILE_FORMAT 'parquet'" },
  { name: 'refresh reflection', sql: "REFRESH REFLECTION 'abc' AS 'def'" },
  { name: 'marker comment', sql: '/* dremio-optimizer */ SELECT reflection_id, status FROM sys.reflections' },
];
