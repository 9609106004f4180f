/**
 * Templates whose anti-pattern is in the SQL or in the workload's history rather than in one job:
 * SELECT * on a wide table, an aggregation repeated all day with no reflection, and a regression.
 */
import { USERS } from '../actors.js';
import { aggQuery, joinQuery, selectQuery } from '../plan/query-shapes.js';
import { equals, lastDays } from './filters.js';
import type { Template } from './template.js';
import { dateDaysBefore, tsDaysBefore } from './template.js';

export const SHAPE_TEMPLATES: readonly Template[] = [
  {
    name: 'orders-browse-all-columns',
    weight: 3,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: ['select-star'],
    injected: [],
    queried: ['lakehouse.sales.orders'],
    basePlanningMs: 120,
    run: (rng, at) => {
      const region = rng.pick(['EMEA', 'NA', 'LATAM', 'APAC']);
      return {
        sql: `SELECT * FROM lakehouse.sales.orders\nWHERE order_ts >= ${tsDaysBefore(at, 1)} AND region = '${region}'\nLIMIT 1000`,
        plan: (c) =>
          selectQuery(c, {
            scan: {
              table: 'lakehouse.sales.orders',
              columns: c.table('lakehouse.sales.orders').columns.map((col) => col.name),
              filters: [lastDays('order_ts', at, 1, 730), equals('region', `'${region}'`, 0.25)],
            },
            limit: 1000,
          }),
      };
    },
  },
  {
    name: 'sessions-channel-kpis',
    weight: 7,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: ['reflection-missing'],
    injected: [],
    queried: ['lakehouse.web.sessions'],
    acceleration: {
      dataset: 'lakehouse.web.sessions',
      type: 'AGGREGATION',
      columns: ['session_start', 'channel'],
      measures: ['revenue', 'pageviews'],
    },
    basePlanningMs: 150,
    run: (_rng, at) => ({
      sql:
        'SELECT CAST(session_start AS DATE) AS session_date, channel, COUNT(*) AS sessions, SUM(revenue) AS revenue,\n' +
        '  AVG(pageviews) AS avg_pageviews\nFROM lakehouse.web.sessions\n' +
        `WHERE session_start >= ${tsDaysBefore(at, 90)}\nGROUP BY CAST(session_start AS DATE), channel`,
      plan: (c, via) =>
        aggQuery(c, {
          scan: {
            table: via ?? 'lakehouse.web.sessions',
            columns: ['session_start', 'channel', 'revenue', 'pageviews'],
            filters: [lastDays('session_start', at, 90, 365)],
          },
          groupKeys: ['session_start', 'channel'],
          measures: ['sessions', 'revenue', 'avg_pageviews'],
          groups: 90 * 8,
        }),
    }),
  },
  {
    name: 'clickstream-campaign-spend',
    weight: 6,
    client: 'powerbi',
    users: USERS.bi,
    templateLabels: ['reflection-missing'],
    injected: [],
    queried: ['datalake.raw.clickstream'],
    acceleration: {
      dataset: 'datalake.raw.clickstream',
      type: 'AGGREGATION',
      columns: ['dt', 'campaign_id'],
      measures: ['cost_micros', 'clicks', 'conversions'],
    },
    basePlanningMs: 140,
    run: (_rng, at) => ({
      sql:
        'SELECT dt, campaign_id, SUM(cost_micros) / 1e6 AS spend, SUM(clicks) AS clicks, SUM(conversions) AS conversions\n' +
        `FROM datalake.raw.clickstream\nWHERE dt >= '${dateDaysBefore(at, 30)}'\nGROUP BY dt, campaign_id`,
      plan: (c, via) =>
        aggQuery(c, {
          scan: {
            table: via ?? 'datalake.raw.clickstream',
            columns: ['dt', 'campaign_id', 'cost_micros', 'clicks', 'conversions'],
            filters: [
              { column: 'dt', op: '>=', literal: `'${dateDaysBefore(at, 30)}'`, selectivity: 30 / 400 },
            ],
          },
          groupKeys: ['dt', 'campaign_id'],
          measures: ['spend', 'clicks', 'conversions'],
          groups: 30 * 900,
        }),
    }),
  },
  {
    name: 'category-revenue-dashboard',
    weight: 3.5,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: ['regression'],
    injected: [],
    queried: ['lakehouse.sales.order_items', 'lakehouse.sales.products'],
    regression: true,
    basePlanningMs: 230,
    run: (_rng, at) => ({
      sql:
        'SELECT p.category, CAST(i.order_ts AS DATE) AS order_date, SUM(i.quantity * i.unit_price) AS revenue\n' +
        'FROM lakehouse.sales.order_items i\nJOIN lakehouse.sales.products p ON p.product_id = i.product_id\n' +
        `WHERE i.order_ts >= ${tsDaysBefore(at, 3)}\nGROUP BY p.category, CAST(i.order_ts AS DATE)`,
      plan: (c) =>
        joinQuery(c, {
          probe: {
            table: 'lakehouse.sales.order_items',
            columns: ['product_id', 'order_ts', 'quantity', 'unit_price'],
            filters: [lastDays('order_ts', at, 3, 730)],
          },
          build: { table: 'lakehouse.sales.products', columns: ['product_id', 'category'], filters: [] },
          outRows: (probe) => probe,
          condition: '=($0, $4)',
          outColumns: ['category', 'order_ts', 'quantity', 'unit_price'],
          agg: { groupKeys: ['category', 'order_ts'], measures: ['revenue'], groups: 3 * 40 },
        }),
    }),
  },
];
