import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world.js';
import type { SimWorld } from '../world.js';
import { ACME_GOLD_PATH, ZIPS_PATH } from './datasets.js';

const AT = Date.parse('2026-11-01T02:00:00Z');

function world(): SimWorld {
  return createWorld({
    flavor: 'software-25.1',
    seed: 1,
    jobs: 600,
    days: 7,
    endAt: new Date('2026-11-01T00:00:00Z'),
    userName: 'dremio',
    password: 'dremio123',
    token: 't',
    projectId: 'p',
  });
}

function run(w: SimWorld, sql: string) {
  return w.submitSql(sql, { user: 'dremio', at: AT }).job;
}

/** Names that need quoting, shown the way Dremio shows them in each place (fidelity-gaps #10). */
describe('datasets whose names hold dots, spaces and quotes', () => {
  const w = world();

  it('the catalog keeps them as lists of parts', () => {
    expect(w.catalogByPath(['Samples', 'samples.dremio.com', 'zips.json'])?.type).toBe('PHYSICAL_DATASET');
    expect(w.catalogByPath(['datalake', 'partner feeds', 'acme "gold" orders'])?.type).toBe(
      'PHYSICAL_DATASET',
    );
    const folder = w.catalogByPath(['Samples', 'samples.dremio.com']);
    const children = (folder?.children ?? []) as readonly { readonly path: readonly string[] }[];
    expect(children.map((c) => c.path.at(-1))).toContain('zips.json');
  });

  it('job history joins the parts unquoted; the jobs listing and INFORMATION_SCHEMA give parts and schema', () => {
    const history = [...w.table('sys.jobs_recent')!.scan([])].map((r) => String(r.queried_datasets));
    expect(history).toContain('[Samples.samples.dremio.com.zips.json]');
    expect(history).toContain('[datalake.partner feeds.acme "gold" orders]');
    const tables = [...w.table('information_schema.tables')!.scan([])].filter(
      (r) => r.TABLE_NAME === 'zips.json',
    );
    expect(tables.map((r) => r.TABLE_SCHEMA)).toEqual(['Samples.samples.dremio.com']);
  });

  it('runs queries and DDL on the correctly quoted path and refuses the wrong ones as Dremio does', () => {
    const ok = run(w, `SELECT state, SUM(pop) FROM ${ZIPS_PATH} GROUP BY state`);
    expect(ok.finalState).toBe('COMPLETED');
    expect(ok.queriedDatasets).toEqual([ZIPS_PATH]);
    const unquoted = run(w, 'SELECT state FROM Samples.samples.dremio.com.zips.json');
    expect(unquoted.errorMessage).toBe(
      "VALIDATION ERROR: Object 'json' not found within 'Samples.samples.dremio.com.zips'",
    );
    const ddl = run(
      w,
      `ALTER TABLE ${ACME_GOLD_PATH} CREATE AGGREGATE REFLECTION gold USING DIMENSIONS (store) MEASURES (amount (SUM))`,
    );
    expect(ddl.finalState, ddl.errorMessage).toBe('COMPLETED');
    const lost = run(w, 'ALTER TABLE datalake."partner feeds"."acme gold orders" REFRESH REFLECTIONS');
    expect(lost.errorMessage).toBe(
      "VALIDATION ERROR: Object 'acme gold orders' not found within 'datalake.partner feeds'",
    );
    const single = run(w, 'ALTER TABLE datalake."partner feeds"."acme "gold" orders" REFRESH REFLECTIONS');
    expect(single.finalState).toBe('FAILED');
    const names = [...w.table('sys.reflections')!.scan([])]
      .filter((r) => r.reflection_name === 'gold')
      .map((r) => r.dataset_name);
    expect(names).toEqual([ACME_GOLD_PATH]);
  });
});
