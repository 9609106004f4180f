/**
 * Clean templates that sit just below an anti-pattern's signature, so a careless rule would flag
 * them: mild join expansion, a small spill, mild or short skew, half-pruned scans, a slow but
 * accelerated query, SELECT * on a three-column table and a query that is already fast.
 */
import { USERS } from '../actors.js';
import { aggQuery, joinQuery, selectQuery } from '../plan/query-shapes.js';
import { equals, lastDays, onDate } from './filters.js';
import type { Template } from './template.js';
import { dateDaysBefore, tsDaysBefore } from './template.js';

export const NEAR_MISS_TEMPLATES: readonly Template[] = [
  {
    name: 'campaign-spend-vs-clicks',
    weight: 2,
    client: 'tableau',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['datalake.raw.marketing_spend', 'datalake.raw.clickstream'],
    basePlanningMs: 210,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 7);
      return {
        sql:
          'SELECT m.channel, k.publisher, SUM(m.spend) AS spend, SUM(k.clicks) AS clicks\nFROM datalake.raw.clickstream k\n' +
          'JOIN datalake.raw.marketing_spend m ON m.campaign_id = k.campaign_id AND m.country = k.country\n' +
          `WHERE k.dt = '${dateDaysBefore(at, daysAgo)}'\nGROUP BY m.channel, k.publisher`,
        plan: (c) =>
          joinQuery(c, {
            probe: {
              table: 'datalake.raw.clickstream',
              columns: ['dt', 'campaign_id', 'country', 'publisher', 'clicks'],
              filters: [
                { column: 'dt', op: '=', literal: `'${dateDaysBefore(at, daysAgo)}'`, selectivity: 1 / 400 },
              ],
            },
            build: {
              table: 'datalake.raw.marketing_spend',
              columns: ['campaign_id', 'country', 'channel', 'spend'],
              filters: [],
            },
            // Near miss for join-fanout: a campaign has 2–3 spend rows per country.
            outRows: (probe, build) => Math.round(Math.max(probe, build) * c.rng.range(2, 3)),
            condition: 'AND(=($1, $5), =($2, $6))',
            outColumns: ['channel', 'publisher', 'spend', 'clicks'],
            agg: { groupKeys: ['channel', 'publisher'], measures: ['spend', 'clicks'], groups: 400 },
          }),
      };
    },
  },
  {
    name: 'session-depth-histogram',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.web.sessions'],
    basePlanningMs: 110,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 3);
      return {
        sql:
          'SELECT session_id, MAX(pageviews) AS depth\nFROM lakehouse.web.sessions\n' +
          `WHERE CAST(session_start AS DATE) = '${dateDaysBefore(at, daysAgo)}'\nGROUP BY session_id`,
        plan: (c) => {
          const groups = 2_400_000;
          // Near miss for spill: a few tens of MB spilled in a sub-second query.
          return aggQuery(c, {
            scan: {
              table: 'lakehouse.web.sessions',
              columns: ['session_id', 'session_start', 'pageviews'],
              filters: [onDate('session_start', at, daysAgo, 365)],
            },
            groupKeys: ['session_id'],
            measures: ['depth'],
            groups,
            spill: {
              spilledBytes: Math.round(c.rng.range(20, 60) * 1024 * 1024),
              spillCount: c.rng.int(1, 3),
              spilledRecords: Math.round(groups * 0.1),
            },
          });
        },
      };
    },
  },
  {
    name: 'items-by-warehouse-week',
    weight: 2,
    client: 'tableau',
    users: USERS.ops,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.order_items'],
    basePlanningMs: 130,
    run: (_rng, at) => ({
      sql:
        'SELECT warehouse_id, category, SUM(quantity) AS units\nFROM lakehouse.sales.order_items\n' +
        `WHERE order_ts >= ${tsDaysBefore(at, 7)}\nGROUP BY warehouse_id, category`,
      plan: (c) =>
        aggQuery(c, {
          scan: {
            table: 'lakehouse.sales.order_items',
            columns: ['order_ts', 'warehouse_id', 'category', 'quantity'],
            filters: [lastDays('order_ts', at, 7, 730)],
          },
          groupKeys: ['warehouse_id', 'category'],
          measures: ['units'],
          groups: 2_400,
          // Near miss for skew: one scan minor does 1.4–1.6× the median.
          leafSkew: c.rng.range(1.35, 1.5),
        }),
    }),
  },
  {
    name: 'carrier-rate-lookup',
    weight: 2,
    client: 'rest',
    users: ['crm_app'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ops.carrier_rates'],
    basePlanningMs: 45,
    run: (rng) => {
      const carrier = rng.pick(['UPS', 'DHL', 'FedEx', 'USPS', 'DPD']);
      return {
        sql:
          'SELECT service_level, weight_band, MIN(rate) AS best_rate\nFROM lakehouse.ops.carrier_rates\n' +
          `WHERE carrier = '${carrier}'\nGROUP BY service_level, weight_band`,
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.ops.carrier_rates',
              columns: ['carrier', 'service_level', 'weight_band', 'rate'],
              filters: [equals('carrier', `'${carrier}'`, 0.2)],
            },
            groupKeys: ['service_level', 'weight_band'],
            measures: ['best_rate'],
            groups: 60,
            // Near miss for skew: 8–10× skew, but the whole query takes a few hundred ms.
            leafSkew: c.rng.range(8, 10),
          }),
      };
    },
  },
  {
    name: 'orders-by-country-half-year',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.orders'],
    basePlanningMs: 150,
    run: (_rng, at) => ({
      sql:
        'SELECT country, COUNT(*) AS orders, SUM(amount) AS revenue\nFROM lakehouse.sales.orders\n' +
        `WHERE order_ts >= ${tsDaysBefore(at, 365)}\nGROUP BY country`,
      plan: (c) =>
        aggQuery(c, {
          scan: {
            table: 'lakehouse.sales.orders',
            columns: ['order_ts', 'country', 'amount'],
            // Near miss for partition-pruning: the filter keeps half the partitions.
            filters: [lastDays('order_ts', at, 365, 730)],
          },
          groupKeys: ['country'],
          measures: ['orders', 'revenue'],
          groups: 80,
        }),
    }),
  },
  {
    name: 'publisher-placements-quarter',
    weight: 3,
    client: 'flight',
    users: USERS.scientists,
    templateLabels: [],
    injected: [],
    queried: ['datalake.raw.clickstream'],
    acceleration: {
      dataset: 'datalake.raw.clickstream',
      type: 'RAW',
      columns: ['dt', 'publisher', 'placement', 'impressions', 'revenue'],
      measures: [],
    },
    basePlanningMs: 170,
    run: (_rng, at) => ({
      sql:
        'SELECT publisher, placement, SUM(impressions) AS impressions, SUM(revenue) AS revenue\n' +
        `FROM datalake.raw.clickstream\nWHERE dt >= '${dateDaysBefore(at, 90)}'\nGROUP BY publisher, placement`,
      plan: (c, via) =>
        aggQuery(c, {
          scan: {
            table: via ?? 'datalake.raw.clickstream',
            columns: ['dt', 'publisher', 'placement', 'impressions', 'revenue'],
            filters: [
              { column: 'dt', op: '>=', literal: `'${dateDaysBefore(at, 90)}'`, selectivity: 90 / 400 },
            ],
          },
          groupKeys: ['publisher', 'placement'],
          measures: ['impressions', 'revenue'],
          groups: 3_000,
        }),
    }),
  },
  {
    name: 'country-codes-lookup',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ref.country_codes'],
    basePlanningMs: 30,
    run: () => ({
      sql: 'SELECT * FROM lakehouse.ref.country_codes',
      plan: (c) =>
        selectQuery(c, {
          scan: {
            table: 'lakehouse.ref.country_codes',
            columns: ['iso2', 'iso3', 'country_name'],
            filters: [],
          },
        }),
    }),
  },
];
