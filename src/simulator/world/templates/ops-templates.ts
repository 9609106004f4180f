/**
 * Operational templates: ETL extracts, inventory and marketing reports, small lookups, plus the
 * jobs that go wrong on their own (a typo, a runtime error, a user cancel) and one with an SQL text
 * long enough to be truncated in job history.
 */
import { USERS } from '../actors.js';
import { aggQuery, joinQuery, selectQuery } from '../plan/query-shapes.js';
import { equals, lastDays, onDate } from './filters.js';
import type { Template } from './template.js';
import { dateDaysBefore, tsDaysBefore } from './template.js';

const IN_LIST_IDS = 2_400;

export const OPS_TEMPLATES: readonly Template[] = [
  {
    name: 'etl-orders-enrichment',
    weight: 2,
    client: 'jdbc',
    users: ['etl_svc', 'airflow_svc'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.orders', 'lakehouse.sales.customers'],
    basePlanningMs: 200,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 2);
      return {
        sql:
          'SELECT o.order_id, o.order_ts, o.amount, c.segment, c.loyalty_tier\nFROM lakehouse.sales.orders o\n' +
          'JOIN lakehouse.sales.customers c ON c.customer_id = o.customer_id\n' +
          `WHERE CAST(o.order_ts AS DATE) = '${dateDaysBefore(at, daysAgo)}'`,
        plan: (c) =>
          joinQuery(c, {
            probe: {
              table: 'lakehouse.sales.orders',
              columns: ['order_id', 'customer_id', 'order_ts', 'amount'],
              filters: [onDate('order_ts', at, daysAgo, 730)],
            },
            build: {
              table: 'lakehouse.sales.customers',
              columns: ['customer_id', 'segment', 'loyalty_tier'],
              filters: [],
            },
            outRows: (probe) => probe,
            condition: '=($1, $4)',
            outColumns: ['order_id', 'order_ts', 'amount', 'segment', 'loyalty_tier'],
          }),
      };
    },
  },
  {
    name: 'inventory-month-end',
    weight: 2,
    client: 'tableau',
    users: USERS.ops,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ops.inventory_snapshots'],
    basePlanningMs: 140,
    run: (rng, at) => {
      const warehouse = rng.int(1, 40);
      return {
        sql:
          'SELECT snapshot_date, product_id, on_hand, value\nFROM lakehouse.ops.inventory_snapshots\n' +
          `WHERE snapshot_date >= DATE '${dateDaysBefore(at, 30)}' AND warehouse_id = ${warehouse}\nORDER BY value DESC\nLIMIT 500`,
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.ops.inventory_snapshots',
              columns: ['snapshot_date', 'warehouse_id', 'product_id', 'on_hand', 'value'],
              filters: [
                lastDays('snapshot_date', at, 30, 730),
                equals('warehouse_id', String(warehouse), 0.025),
              ],
            },
            groupKeys: ['snapshot_date', 'product_id'],
            measures: ['on_hand', 'value'],
            groups: 200_000,
            orderLimit: 500,
          }),
      };
    },
  },
  {
    name: 'marketing-spend-monthly',
    weight: 2,
    client: 'tableau',
    users: USERS.analysts,
    templateLabels: [],
    injected: ['metadata-retrieval'],
    queried: ['datalake.raw.marketing_spend'],
    // A Parquet folder whose metadata expires between the dashboard's monthly looks: each run lists files first.
    timing: { metadataRetrievalMs: [4_000, 12_000] },
    basePlanningMs: 90,
    run: () => ({
      sql:
        "SELECT DATE_TRUNC('month', spend_date) AS month, channel, SUM(spend) AS spend\nFROM datalake.raw.marketing_spend\n" +
        "GROUP BY DATE_TRUNC('month', spend_date), channel",
      plan: (c) =>
        aggQuery(c, {
          scan: {
            table: 'datalake.raw.marketing_spend',
            columns: ['spend_date', 'channel', 'spend'],
            filters: [],
          },
          groupKeys: ['spend_date', 'channel'],
          measures: ['spend'],
          groups: 24 * 6,
        }),
    }),
  },
  {
    name: 'clickstream-day-campaigns',
    weight: 1,
    client: 'flight',
    users: USERS.scientists,
    templateLabels: [],
    injected: [],
    queried: ['datalake.raw.clickstream'],
    basePlanningMs: 120,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 14);
      return {
        sql:
          'SELECT campaign_id, SUM(clicks) AS clicks, SUM(conversions) AS conversions\nFROM datalake.raw.clickstream\n' +
          `WHERE dt = '${dateDaysBefore(at, daysAgo)}'\nGROUP BY campaign_id`,
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'datalake.raw.clickstream',
              columns: ['dt', 'campaign_id', 'clicks', 'conversions'],
              filters: [
                { column: 'dt', op: '=', literal: `'${dateDaysBefore(at, daysAgo)}'`, selectivity: 1 / 400 },
              ],
            },
            groupKeys: ['campaign_id'],
            measures: ['clicks', 'conversions'],
            groups: 900,
          }),
      };
    },
  },
  {
    name: 'stores-in-region',
    weight: 1,
    client: 'rest',
    users: ['crm_app'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.stores'],
    basePlanningMs: 30,
    run: (rng) => {
      const region = rng.pick(['EMEA', 'NA', 'LATAM', 'APAC']);
      return {
        sql: `SELECT store_id, store_name, city FROM lakehouse.sales.stores WHERE region = '${region}'`,
        plan: (c) =>
          selectQuery(c, {
            scan: {
              table: 'lakehouse.sales.stores',
              columns: ['store_id', 'store_name', 'city', 'region'],
              filters: [equals('region', `'${region}'`, 0.25)],
            },
          }),
      };
    },
  },
  {
    name: 'customer-batch-lookup',
    weight: 1,
    client: 'rest',
    users: ['crm_app'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.customers'],
    basePlanningMs: 250,
    run: (rng) => {
      let ids = String(rng.int(1, 18_000_000));
      for (let k = 1; k < IN_LIST_IDS; k++) ids += `, ${rng.int(1, 18_000_000)}`;
      return {
        sql: `SELECT customer_id, email, segment, lifetime_value\nFROM lakehouse.sales.customers\nWHERE customer_id IN (${ids})`,
        plan: (c) =>
          selectQuery(c, {
            scan: {
              table: 'lakehouse.sales.customers',
              columns: ['customer_id', 'email', 'segment', 'lifetime_value'],
              filters: [equals('customer_id', `SEARCH(${IN_LIST_IDS} values)`, IN_LIST_IDS / 18_000_000)],
            },
          }),
      };
    },
  },
  {
    name: 'orders-typo',
    weight: 1,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: [],
    outcome: {
      state: 'FAILED',
      stage: 'planning',
      error: "VALIDATION ERROR: Object 'orderz' not found within 'lakehouse.sales'",
    },
    basePlanningMs: 25,
    run: (_rng, at) => ({
      sql: `SELECT region, COUNT(*) FROM lakehouse.sales.orderz WHERE order_ts >= ${tsDaysBefore(at, 1)} GROUP BY region`,
      plan: () => {
        throw new RangeError('orders-typo never reaches planning');
      },
    }),
  },
  {
    name: 'fx-ratio-report',
    weight: 1,
    client: 'rest',
    users: ['finance_reporting'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ref.fx_rates'],
    outcome: {
      state: 'FAILED',
      stage: 'execution',
      error: 'FUNCTION ERROR: Division by zero',
      progress: [0.45, 0.8],
    },
    basePlanningMs: 60,
    run: (_rng, at) => ({
      sql:
        'SELECT rate_date, quote_currency, rate / (rate - rate) AS ratio\nFROM lakehouse.ref.fx_rates\n' +
        `WHERE rate_date >= ${tsDaysBefore(at, 7)}`,
      plan: (c) =>
        selectQuery(c, {
          scan: {
            table: 'lakehouse.ref.fx_rates',
            columns: ['rate_date', 'quote_currency', 'rate'],
            filters: [lastDays('rate_date', at, 7, 3650)],
          },
        }),
    }),
  },
  {
    name: 'shipments-adhoc-cancelled',
    weight: 1,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ops.shipments'],
    outcome: {
      state: 'CANCELED',
      stage: 'execution',
      error: 'Query cancelled by user',
      progress: [0.45, 0.8],
    },
    basePlanningMs: 110,
    run: (rng) => {
      const carrier = rng.pick(['UPS', 'DHL', 'FedEx', 'USPS', 'DPD']);
      return {
        sql:
          'SELECT destination_city, COUNT(*) AS shipments, AVG(cost) AS avg_cost\nFROM lakehouse.ops.shipments\n' +
          `WHERE carrier = '${carrier}'\nGROUP BY destination_city`,
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.ops.shipments',
              columns: ['carrier', 'destination_city', 'cost'],
              filters: [equals('carrier', `'${carrier}'`, 0.2)],
            },
            groupKeys: ['destination_city'],
            measures: ['shipments', 'avg_cost'],
            groups: 5_000,
          }),
      };
    },
  },
];
