/** Everyday dashboard and application queries: pruned, modest, and free of anti-patterns. */
import { USERS } from '../actors.js';
import { aggQuery, joinQuery, selectQuery } from '../plan/query-shapes.js';
import { equals, lastDays, onDate } from './filters.js';
import type { Template } from './template.js';
import { source, tsDaysBefore } from './template.js';

const REGIONS = ['EMEA', 'NA', 'LATAM', 'APAC'] as const;

export const BI_TEMPLATES: readonly Template[] = [
  {
    name: 'revenue-by-region-daily',
    weight: 6,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: [],
    injected: [],
    queried: ['analytics.daily_revenue'],
    acceleration: {
      dataset: 'lakehouse.sales.orders',
      type: 'AGGREGATION',
      columns: ['order_ts', 'region', 'channel'],
      measures: ['amount'],
    },
    basePlanningMs: 180,
    run: (rng, at) => {
      const days = rng.pick([7, 14, 30, 30, 60]);
      return {
        sql:
          'SELECT order_date, region, channel, SUM(revenue) AS revenue, SUM(orders) AS orders\n' +
          `FROM analytics.daily_revenue\nWHERE order_date >= ${tsDaysBefore(at, days)}\n` +
          'GROUP BY order_date, region, channel\nORDER BY order_date',
        plan: (c, via) =>
          aggQuery(c, {
            scan: {
              table: source('lakehouse.sales.orders', via),
              columns: ['order_ts', 'region', 'channel', 'amount'],
              filters: [lastDays('order_ts', at, days, 730)],
            },
            groupKeys: ['order_ts', 'region', 'channel'],
            measures: ['revenue', 'orders'],
            groups: days * 20,
          }),
      };
    },
  },
  {
    name: 'customer-lookup',
    weight: 5,
    client: 'rest',
    users: ['crm_app'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.customers'],
    acceleration: {
      dataset: 'lakehouse.sales.customers',
      type: 'RAW',
      columns: ['customer_id', 'first_name', 'last_name', 'email', 'segment', 'loyalty_tier'],
      measures: [],
    },
    basePlanningMs: 60,
    run: (rng) => {
      const id = rng.int(1, 18_000_000);
      return {
        sql: `SELECT customer_id, first_name, last_name, email, segment, loyalty_tier\nFROM lakehouse.sales.customers\nWHERE customer_id = ${id}`,
        plan: (c, via) =>
          selectQuery(c, {
            scan: {
              table: source('lakehouse.sales.customers', via),
              columns: ['customer_id', 'first_name', 'last_name', 'email', 'segment', 'loyalty_tier'],
              filters: [equals('customer_id', String(id), 1 / 18_000_000)],
            },
          }),
      };
    },
  },
  {
    name: 'orders-by-channel-week',
    weight: 5,
    client: 'powerbi',
    users: USERS.bi,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.orders'],
    basePlanningMs: 150,
    run: (rng, at) => {
      const region = rng.pick(REGIONS);
      return {
        sql:
          'SELECT channel, CAST(order_ts AS DATE) AS order_date, COUNT(*) AS orders, SUM(amount) AS revenue\n' +
          `FROM lakehouse.sales.orders\nWHERE order_ts >= ${tsDaysBefore(at, 7)} AND region = '${region}'\n` +
          'GROUP BY channel, CAST(order_ts AS DATE)',
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.sales.orders',
              columns: ['order_ts', 'channel', 'region', 'amount'],
              filters: [lastDays('order_ts', at, 7, 730), equals('region', `'${region}'`, 0.25)],
            },
            groupKeys: ['channel', 'order_ts'],
            measures: ['orders', 'revenue'],
            groups: 35,
          }),
      };
    },
  },
  {
    name: 'top-products-week',
    weight: 3,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.order_items', 'lakehouse.sales.products'],
    basePlanningMs: 260,
    run: (rng, at) => {
      const top = rng.pick([10, 20, 50]);
      return {
        sql:
          'SELECT p.category, p.name, SUM(i.quantity * i.unit_price) AS revenue\n' +
          'FROM lakehouse.sales.order_items i\nJOIN lakehouse.sales.products p ON p.product_id = i.product_id\n' +
          `WHERE i.order_ts >= ${tsDaysBefore(at, 7)}\nGROUP BY p.category, p.name\nORDER BY revenue DESC\nLIMIT ${top}`,
        plan: (c) =>
          joinQuery(c, {
            probe: {
              table: 'lakehouse.sales.order_items',
              columns: ['product_id', 'order_ts', 'quantity', 'unit_price'],
              filters: [lastDays('order_ts', at, 7, 730)],
            },
            build: {
              table: 'lakehouse.sales.products',
              columns: ['product_id', 'category', 'name'],
              filters: [],
            },
            outRows: (probe) => probe,
            condition: '=($0, $4)',
            outColumns: ['category', 'name', 'quantity', 'unit_price'],
            agg: { groupKeys: ['category', 'name'], measures: ['revenue'], groups: 120_000 },
            orderLimit: top,
            // Near miss for row-estimate: the join estimate is 2–3× off, well under 10×.
            joinEstimateOffBy: c.rng.range(2, 3),
          }),
      };
    },
  },
  {
    name: 'products-preview',
    weight: 3,
    client: 'ui-preview',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.sales.products'],
    basePlanningMs: 40,
    run: () => ({
      sql: 'SELECT * FROM lakehouse.sales.products LIMIT 100',
      plan: (c) =>
        selectQuery(c, {
          scan: {
            table: 'lakehouse.sales.products',
            columns: c.table('lakehouse.sales.products').columns.map((col) => col.name),
            filters: [],
          },
          limit: 100,
        }),
    }),
  },
  {
    name: 'fx-rates-latest',
    weight: 3,
    client: 'rest',
    users: ['finance_reporting', 'crm_app'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ref.fx_rates'],
    basePlanningMs: 35,
    run: (rng, at) => {
      const quote = rng.pick(['EUR', 'GBP', 'JPY', 'BRL', 'INR']);
      return {
        sql: `SELECT rate_date, quote_currency, rate FROM lakehouse.ref.fx_rates\nWHERE base_currency = 'USD' AND quote_currency = '${quote}' AND rate_date >= ${tsDaysBefore(at, 30)}`,
        plan: (c) =>
          selectQuery(c, {
            scan: {
              table: 'lakehouse.ref.fx_rates',
              columns: ['rate_date', 'base_currency', 'quote_currency', 'rate'],
              filters: [equals('quote_currency', `'${quote}'`, 0.02), lastDays('rate_date', at, 30, 3650)],
            },
          }),
      };
    },
  },
  {
    name: 'shipments-late-today',
    weight: 3,
    client: 'tableau',
    users: USERS.ops,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.ops.shipments'],
    basePlanningMs: 120,
    run: (rng, at) => {
      const country = rng.pick(['US', 'DE', 'FR', 'GB', 'BR', 'JP']);
      return {
        sql:
          'SELECT carrier, service_level, COUNT(*) AS late_shipments\nFROM lakehouse.ops.shipments\n' +
          `WHERE shipped_ts >= ${tsDaysBefore(at, 1)} AND late = TRUE AND destination_country = '${country}'\n` +
          'GROUP BY carrier, service_level',
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.ops.shipments',
              columns: ['carrier', 'service_level', 'shipped_ts', 'late', 'destination_country'],
              filters: [
                lastDays('shipped_ts', at, 1, 700),
                equals('destination_country', `'${country}'`, 0.1),
              ],
            },
            groupKeys: ['carrier', 'service_level'],
            measures: ['late_shipments'],
            groups: 24,
          }),
      };
    },
  },
  {
    name: 'web-events-today',
    weight: 3,
    client: 'tableau',
    users: ['ops_dashboard'],
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.web.events'],
    basePlanningMs: 110,
    run: (_rng, at) => ({
      sql:
        'SELECT event_type, device, COUNT(*) AS events\nFROM lakehouse.web.events\n' +
        `WHERE event_ts >= ${tsDaysBefore(at, 1)}\nGROUP BY event_type, device`,
      plan: (c) =>
        aggQuery(c, {
          scan: {
            table: 'lakehouse.web.events',
            columns: ['event_ts', 'event_type', 'device'],
            filters: [lastDays('event_ts', at, 1, 365)],
          },
          groupKeys: ['event_type', 'device'],
          measures: ['events'],
          groups: 60,
        }),
    }),
  },
  {
    name: 'sensor-daily-stats',
    weight: 2,
    client: 'flight',
    users: USERS.scientists,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.iot.sensor_readings'],
    basePlanningMs: 90,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 3);
      return {
        sql:
          'SELECT device_id, metric, MIN(value) AS min_value, MAX(value) AS max_value, AVG(value) AS avg_value\n' +
          `FROM lakehouse.iot.sensor_readings\nWHERE CAST(reading_ts AS DATE) = '${new Date(at - daysAgo * 86_400_000).toISOString().slice(0, 10)}'\n` +
          'GROUP BY device_id, metric',
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.iot.sensor_readings',
              columns: ['device_id', 'reading_ts', 'metric', 'value'],
              filters: [onDate('reading_ts', at, daysAgo, 180)],
            },
            groupKeys: ['device_id', 'metric'],
            measures: ['min_value', 'max_value', 'avg_value'],
            groups: 40_000,
          }),
      };
    },
  },
  {
    name: 'ledger-month-close',
    weight: 3,
    client: 'tableau',
    users: USERS.finance,
    templateLabels: [],
    injected: [],
    queried: ['finance.monthly_pnl'],
    acceleration: {
      dataset: 'lakehouse.finance.ledger_entries',
      type: 'AGGREGATION',
      columns: ['posting_date', 'company_code', 'account'],
      measures: ['amount_usd'],
    },
    basePlanningMs: 200,
    run: (rng, at) => {
      const company = rng.pick(['US01', 'DE01', 'FR02', 'GB01', 'JP01']);
      return {
        sql:
          'SELECT period, account, SUM(amount_usd) AS amount_usd\nFROM finance.monthly_pnl\n' +
          `WHERE company_code = '${company}' AND period = '${new Date(at - 20 * 86_400_000).toISOString().slice(0, 7)}'\n` +
          'GROUP BY period, account',
        plan: (c, via) =>
          aggQuery(c, {
            scan: {
              table: source('lakehouse.finance.ledger_entries', via),
              columns: ['posting_date', 'company_code', 'account', 'amount_usd'],
              filters: [lastDays('posting_date', at, 31, 1095), equals('company_code', `'${company}'`, 0.2)],
            },
            groupKeys: ['posting_date', 'account'],
            measures: ['amount_usd'],
            groups: 900,
          }),
      };
    },
  },
];
