import { describe, expect, it } from 'vitest';
import type { Dataset } from '../domain/dataset.js';
import type { Recommendation, RecommendationTarget } from '../domain/recommendation.js';
import { validateDdl } from './ddl-validator.js';
import { recommendationId } from './recommendation-id.js';
import { checkCatalogPath, checkStatementTarget } from './statement-target.js';

type Checked = Pick<Recommendation, 'id' | 'kind' | 'sql' | 'target'>;

function rec(kind: Recommendation['kind'], target: RecommendationTarget, sql: string): Checked {
  return { id: recommendationId(kind, target), kind, target, sql };
}

const ZIPS = { kind: 'dataset', path: 'Samples."samples.dremio.com"."zips.json"' } as const;
const CREATE =
  'CREATE AGGREGATE REFLECTION zips_json_agg_opt USING DIMENSIONS (state) MEASURES (pop (SUM, COUNT))';

describe('dataset paths in DDL are read with Dremio quoting', () => {
  it('keeps dots and doubled quotes inside quoted parts', () => {
    const dotted = validateDdl(`ALTER DATASET Samples."samples.dremio.com"."zips.json" ${CREATE}`);
    expect(dotted).toMatchObject({ ok: true, path: ['Samples', 'samples.dremio.com', 'zips.json'] });
    const quoted = validateDdl(`ALTER TABLE lake."o""brien"."my table" REFRESH REFLECTIONS`);
    expect(quoted).toMatchObject({ ok: true, path: ['lake', 'o"brien', 'my table'] });
    const unquoted = validateDdl(`ALTER DATASET Samples.samples.dremio.com.zips.json ${CREATE}`);
    expect(unquoted).toMatchObject({
      ok: true,
      path: ['Samples', 'samples', 'dremio', 'com', 'zips', 'json'],
    });
  });
});

describe('checkStatementTarget', () => {
  it('accepts the statement on its own target, whatever the case of the names', () => {
    expect(
      checkStatementTarget(rec('create-aggregate-reflection', ZIPS, `ALTER DATASET ${ZIPS.path} ${CREATE}`)),
    ).toEqual({
      ok: true,
    });
    expect(
      checkStatementTarget(
        rec(
          'create-aggregate-reflection',
          ZIPS,
          `ALTER DATASET samples."SAMPLES.DREMIO.COM"."zips.json" ${CREATE}`,
        ),
      ),
    ).toEqual({ ok: true });
  });

  it('refuses a path joined without quotes, which names another dataset', () => {
    const result = checkStatementTarget(
      rec(
        'create-aggregate-reflection',
        ZIPS,
        `ALTER DATASET Samples.samples.dremio.com.zips.json ${CREATE}`,
      ),
    );
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(
        /acts on Samples\.samples\.dremio\.com\.zips\.json \(6 parts\), but the recommendation is for Samples\."samples\.dremio\.com"\."zips\.json" \(3 parts\)/,
      ),
    });
  });

  it('refuses a name whose doubled quote was lost', () => {
    const target = { kind: 'dataset', path: 'lake."o""brien".orders' } as const;
    const sql = 'OPTIMIZE TABLE lake."obrien".orders REWRITE DATA USING BIN_PACK';
    expect(checkStatementTarget(rec('optimize-table', target, sql)).ok).toBe(false);
    const right = 'OPTIMIZE TABLE lake."o""brien".orders REWRITE DATA USING BIN_PACK';
    expect(checkStatementTarget(rec('optimize-table', target, right))).toEqual({ ok: true });
  });

  it('refuses a statement edited to act on another dataset', () => {
    const target = { kind: 'dataset', path: 'lake.web.events' } as const;
    const edited = rec(
      'optimize-table',
      target,
      'OPTIMIZE TABLE lake.sales.orders REWRITE DATA USING BIN_PACK',
    );
    expect(checkStatementTarget(edited)).toMatchObject({
      ok: false,
      message: expect.stringContaining('lake.web.events'),
    });
  });

  it('refuses a target edited away from the one the id was made for', () => {
    const original = rec(
      'optimize-table',
      { kind: 'dataset', path: 'lake.web.events' },
      'OPTIMIZE TABLE lake.web.events',
    );
    const edited = { ...original, target: { kind: 'dataset', path: 'lake.sales.orders' } as const };
    expect(checkStatementTarget({ ...edited, sql: 'OPTIMIZE TABLE lake.sales.orders' })).toMatchObject({
      ok: false,
      message: expect.stringContaining(`not the one id ${original.id} was made for`),
    });
  });

  it('refuses a DROP of another reflection than the target', () => {
    const target = {
      kind: 'reflection',
      reflectionId: 'r-1',
      datasetPath: 'lake.web.events',
      reflectionName: 'events_agg',
    } as const;
    const ok = rec('drop-reflection', target, 'ALTER TABLE lake.web.events DROP REFLECTION events_agg');
    expect(checkStatementTarget(ok)).toEqual({ ok: true });
    expect(checkStatementTarget({ ...ok, sql: 'ALTER TABLE lake.web.events DROP REFLECTION "r-1"' })).toEqual(
      {
        ok: true,
      },
    );
    expect(
      checkStatementTarget({ ...ok, sql: 'ALTER TABLE lake.web.events DROP REFLECTION busy_raw' }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('drops reflection busy_raw'),
    });
  });
});

describe('checkCatalogPath', () => {
  const zips: Dataset = {
    path: 'Samples.samples.dremio.com.zips.json',
    pathParts: ['Samples', 'samples.dremio.com', 'zips.json'],
    datasetId: 'd',
    kind: 'table',
    format: null,
    viewSql: null,
    columns: [],
    partitionFields: [],
    files: [],
  };
  const catalog = new Map([[zips.path, zips]]);

  it('refuses a misquoted spelling of a catalog dataset, and passes the right one or an unknown one', () => {
    expect(
      checkCatalogPath(`ALTER DATASET Samples.samples.dremio.com.zips.json ${CREATE}`, catalog),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('the catalog has Samples."samples.dremio.com"."zips.json"'),
    });
    expect(checkCatalogPath(`ALTER DATASET ${ZIPS.path} ${CREATE}`, catalog)).toEqual({ ok: true });
    expect(checkCatalogPath(`ALTER DATASET lake.web.events ${CREATE}`, catalog)).toEqual({ ok: true });
  });
});
