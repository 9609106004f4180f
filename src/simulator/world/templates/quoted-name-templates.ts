/**
 * Dashboards over datasets whose names need quoting (`Samples."samples.dremio.com"."zips.json"`, a
 * name with spaces and a doubled quote), each repeated all day with no reflection, so advice for them
 * must carry the names through to the DDL intact.
 */
import { USERS } from '../actors.js';
import { ACME_GOLD_PATH, ZIPS_PATH } from '../datasets.js';
import { aggQuery } from '../plan/query-shapes.js';
import type { Template } from './template.js';
import { dateDaysBefore } from './template.js';

export const QUOTED_NAME_TEMPLATES: readonly Template[] = [
  {
    name: 'zips-population-by-state',
    weight: 9,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: ['reflection-missing'],
    injected: [],
    queried: [ZIPS_PATH],
    acceleration: { dataset: ZIPS_PATH, type: 'AGGREGATION', columns: ['state'], measures: ['pop'] },
    basePlanningMs: 110,
    run: () => ({
      sql:
        'SELECT state, SUM(pop) AS population, COUNT(*) AS zip_codes\n' +
        `FROM ${ZIPS_PATH}\nGROUP BY state\nORDER BY population DESC`,
      plan: (c, via) =>
        aggQuery(c, {
          scan: { table: via ?? ZIPS_PATH, columns: ['state', 'pop'], filters: [] },
          groupKeys: ['state'],
          measures: ['population', 'zip_codes'],
          groups: 51,
        }),
    }),
  },
  {
    name: 'acme-gold-daily-sales',
    weight: 7,
    client: 'powerbi',
    users: USERS.bi,
    templateLabels: ['reflection-missing'],
    injected: [],
    queried: [ACME_GOLD_PATH],
    acceleration: {
      dataset: ACME_GOLD_PATH,
      type: 'AGGREGATION',
      columns: ['order_day', 'store'],
      measures: ['amount', 'units'],
    },
    basePlanningMs: 130,
    run: (_rng, at) => ({
      sql:
        'SELECT order_day, store, SUM(amount) AS sales, SUM(units) AS units_sold\n' +
        `FROM ${ACME_GOLD_PATH}\nWHERE order_day >= DATE '${dateDaysBefore(at, 30)}'\nGROUP BY order_day, store`,
      plan: (c, via) =>
        aggQuery(c, {
          scan: {
            table: via ?? ACME_GOLD_PATH,
            columns: ['order_day', 'store', 'amount', 'units'],
            filters: [
              {
                column: 'order_day',
                op: '>=',
                literal: `DATE '${dateDaysBefore(at, 30)}'`,
                selectivity: 30 / 730,
              },
            ],
          },
          groupKeys: ['order_day', 'store'],
          measures: ['sales', 'units_sold'],
          groups: 30 * 120,
        }),
    }),
  },
];
