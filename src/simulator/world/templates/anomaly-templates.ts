/**
 * Templates that inject one job-level anti-pattern each, clearly and with seconds at stake. Their
 * exact signatures are documented in docs/simulator.md; every other template stays below them.
 */
import { USERS } from '../actors.js';
import { aggQuery, joinQuery, nestedLoopQuery, selectQuery } from '../plan/query-shapes.js';
import { equals, lastDays, like, onDate } from './filters.js';
import type { Template } from './template.js';
import { dateDaysBefore, source, tsDaysBefore } from './template.js';

const GIB = 1024 ** 3;
const SEGMENTS = ['consumer', 'smb', 'enterprise', 'public-sector'] as const;

export const ANOMALY_TEMPLATES: readonly Template[] = [
  {
    name: 'orders-returned-by-reason',
    weight: 3,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: [],
    // partition-pruning is derived: orders is partitioned by day(order_ts) and the query never filters on it.
    injected: [],
    queried: ['lakehouse.sales.orders'],
    // An aggregation Dremio serves from a reflection with these dimensions and measures, as any other.
    acceleration: {
      dataset: 'lakehouse.sales.orders',
      type: 'AGGREGATION',
      columns: ['status', 'return_reason', 'region'],
      measures: ['amount'],
    },
    basePlanningMs: 160,
    run: (rng) => {
      const status = rng.pick(['RETURNED', 'CANCELLED', 'REFUNDED']);
      return {
        sql:
          'SELECT return_reason, region, COUNT(*) AS orders, SUM(amount) AS amount\nFROM lakehouse.sales.orders\n' +
          `WHERE status = '${status}'\nGROUP BY return_reason, region`,
        plan: (c, via) =>
          aggQuery(c, {
            scan: {
              table: source('lakehouse.sales.orders', via),
              columns: ['status', 'return_reason', 'region', 'amount'],
              filters: [equals('status', `'${status}'`, 0.03)],
            },
            groupKeys: ['return_reason', 'region'],
            measures: ['orders', 'amount'],
            groups: 48,
          }),
      };
    },
  },
  {
    name: 'events-bot-traffic',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: [],
    queried: ['lakehouse.web.events'],
    basePlanningMs: 140,
    run: (rng) => {
      const agent = rng.pick(['bot', 'crawler', 'spider', 'headless']);
      return {
        sql:
          'SELECT country, device, COUNT(*) AS hits\nFROM lakehouse.web.events\n' +
          `WHERE user_agent LIKE '%${agent}%'\nGROUP BY country, device\nORDER BY hits DESC`,
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.web.events',
              columns: ['user_agent', 'country', 'device'],
              filters: [like('user_agent', `%${agent}%`, 0.02)],
            },
            groupKeys: ['country', 'device'],
            measures: ['hits'],
            groups: 600,
          }),
      };
    },
  },
  {
    name: 'customer-store-pairs',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: ['join-fanout'],
    queried: ['lakehouse.sales.customers', 'lakehouse.sales.stores'],
    basePlanningMs: 220,
    run: (rng) => {
      const segment = rng.pick(SEGMENTS);
      return {
        sql:
          'SELECT s.store_name, COUNT(*) AS reachable_customers\nFROM lakehouse.sales.customers c\n' +
          `JOIN lakehouse.sales.stores s ON c.region = s.region\nWHERE c.segment <> '${segment}'\nGROUP BY s.store_name`,
        plan: (c) =>
          joinQuery(c, {
            probe: {
              table: 'lakehouse.sales.customers',
              columns: ['customer_id', 'region', 'segment'],
              filters: [],
            },
            build: { table: 'lakehouse.sales.stores', columns: ['store_name', 'region'], filters: [] },
            outRows: (probe, build) => Math.round(Math.max(probe, build) * c.rng.range(12, 40)),
            condition: '=($1, $4)',
            outColumns: ['store_name', 'customer_id'],
            // Heavy enough that the explosion costs real time every day, like every injected pattern, while
            // running too rarely (2–6 times a day) to pass for a reflection candidate.
            joinWorkFactor: 8,
            agg: {
              groupKeys: ['store_name'],
              measures: ['reachable_customers'],
              groups: 2_000,
              nsPerRow: 25,
            },
          }),
      };
    },
  },
  {
    name: 'distinct-buyers-per-product',
    weight: 2,
    client: 'flight',
    users: USERS.scientists,
    templateLabels: [],
    injected: ['spill'],
    queried: ['lakehouse.sales.order_items'],
    basePlanningMs: 190,
    run: (_rng, at) => ({
      sql:
        'SELECT product_id, category, COUNT(DISTINCT order_id) AS orders\nFROM lakehouse.sales.order_items\n' +
        `WHERE order_ts >= ${tsDaysBefore(at, 30)}\nGROUP BY product_id, category`,
      plan: (c) => {
        const pairs = Math.round(148_000_000 * c.rng.range(0.8, 0.95));
        // COUNT(DISTINCT) aggregates (product, order) pairs first; the second phase spills holding them.
        return aggQuery(c, {
          scan: {
            table: 'lakehouse.sales.order_items',
            columns: ['order_ts', 'product_id', 'category', 'order_id'],
            filters: [lastDays('order_ts', at, 30, 730)],
          },
          groupKeys: ['product_id', 'category'],
          measures: ['orders'],
          groups: 150_000,
          partialGroups: pairs,
          spill: {
            spilledBytes: Math.round(c.rng.range(6, 24) * GIB),
            spillCount: c.rng.int(24, 96),
            spilledRecords: Math.round(pairs * 0.6),
          },
        });
      },
    }),
  },
  {
    name: 'shipments-export-sorted',
    weight: 1,
    client: 'jdbc',
    users: ['etl_svc'],
    templateLabels: [],
    injected: ['spill'],
    queried: ['lakehouse.ops.shipments'],
    basePlanningMs: 120,
    run: () => ({
      sql:
        'SELECT shipment_id, order_id, carrier, shipped_ts, delivered_ts, status, cost\nFROM lakehouse.ops.shipments\n' +
        'ORDER BY shipped_ts DESC\nLIMIT 1000000',
      plan: (c) =>
        selectQuery(c, {
          scan: {
            table: 'lakehouse.ops.shipments',
            columns: ['shipment_id', 'order_id', 'carrier', 'shipped_ts', 'delivered_ts', 'status', 'cost'],
            filters: [],
          },
          sort: {
            key: 3,
            spill: {
              spilledBytes: Math.round(c.rng.range(10, 30) * GIB),
              spillCount: c.rng.int(40, 160),
              spilledRecords: Math.round(140_000_000 * c.rng.range(0.5, 0.8)),
            },
          },
          limit: 1_000_000,
        }),
    }),
  },
  {
    name: 'guest-orders-by-segment',
    weight: 2,
    client: 'tableau',
    users: USERS.bi,
    templateLabels: [],
    injected: ['skew'],
    queried: ['lakehouse.sales.orders', 'lakehouse.sales.customers'],
    basePlanningMs: 240,
    run: (_rng, at) => ({
      sql:
        'SELECT c.segment, COUNT(*) AS orders, SUM(o.amount) AS revenue\nFROM lakehouse.sales.orders o\n' +
        `JOIN lakehouse.sales.customers c ON c.customer_id = o.customer_id\nWHERE o.order_ts >= ${tsDaysBefore(at, 90)}\n` +
        'GROUP BY c.segment',
      plan: (c) =>
        joinQuery(c, {
          probe: {
            table: 'lakehouse.sales.orders',
            columns: ['customer_id', 'order_ts', 'amount'],
            filters: [lastDays('order_ts', at, 90, 730)],
          },
          build: { table: 'lakehouse.sales.customers', columns: ['customer_id', 'segment'], filters: [] },
          outRows: (probe) => probe,
          condition: '=($0, $3)',
          outColumns: ['segment', 'amount'],
          agg: { groupKeys: ['segment'], measures: ['orders', 'revenue'], groups: 4 },
          // Guest checkouts share customer_id 0, so one hash partition gets most of the rows.
          joinSkew: c.rng.range(12, 30),
        }),
    }),
  },
  {
    name: 'finance-quarter-close',
    weight: 2,
    client: 'tableau',
    users: USERS.finance,
    templateLabels: [],
    injected: ['queue-wait'],
    queried: ['lakehouse.finance.ledger_entries'],
    timing: { queueWaitMs: [90_000, 600_000] },
    basePlanningMs: 210,
    run: (rng, at) => {
      const company = rng.pick(['US01', 'DE01', 'FR02', 'GB01', 'JP01']);
      return {
        sql:
          'SELECT account, cost_center, SUM(amount_usd) AS amount_usd\nFROM lakehouse.finance.ledger_entries\n' +
          `WHERE posting_date >= DATE '${dateDaysBefore(at, 90)}' AND company_code = '${company}'\n` +
          'GROUP BY account, cost_center',
        plan: (c) =>
          aggQuery(c, {
            scan: {
              table: 'lakehouse.finance.ledger_entries',
              columns: ['posting_date', 'company_code', 'account', 'cost_center', 'amount_usd'],
              filters: [lastDays('posting_date', at, 90, 1095), equals('company_code', `'${company}'`, 0.2)],
            },
            groupKeys: ['account', 'cost_center'],
            measures: ['amount_usd'],
            groups: 4_000,
          }),
      };
    },
  },
  {
    name: 'customer-360-segment',
    weight: 2,
    client: 'ui',
    users: USERS.analysts,
    templateLabels: [],
    injected: ['planning-time'],
    queried: ['analytics.customer_360'],
    // A reflection on the view matches before the planner expands the view's joins: with one, the
    // long join planning is gone (see planningDuration).
    acceleration: {
      dataset: 'analytics.customer_360',
      type: 'AGGREGATION',
      columns: ['segment', 'region'],
      measures: ['lifetime_value', 'orders_90d'],
    },
    timing: { planningMs: [15_000, 60_000] },
    basePlanningMs: 400,
    run: (rng, at) => {
      const region = rng.pick(['EMEA', 'NA', 'LATAM', 'APAC']);
      return {
        sql:
          'SELECT segment, COUNT(*) AS customers, AVG(lifetime_value) AS ltv, SUM(orders_90d) AS orders\n' +
          `FROM analytics.customer_360\nWHERE region = '${region}'\nGROUP BY segment`,
        plan: (c, via) =>
          via
            ? aggQuery(c, {
                scan: {
                  table: via,
                  columns: ['segment', 'region', 'lifetime_value', 'orders_90d'],
                  filters: [equals('region', `'${region}'`, 0.25)],
                },
                groupKeys: ['segment'],
                measures: ['customers', 'ltv', 'orders'],
                groups: 4,
              })
            : joinQuery(c, {
                probe: {
                  table: 'lakehouse.sales.orders',
                  columns: ['customer_id', 'order_ts'],
                  filters: [lastDays('order_ts', at, 90, 730)],
                },
                build: {
                  table: 'lakehouse.sales.customers',
                  columns: ['customer_id', 'segment', 'region', 'lifetime_value'],
                  filters: [equals('region', `'${region}'`, 0.25)],
                },
                outRows: (probe) => Math.round(probe * 0.25),
                condition: '=($0, $2)',
                outColumns: ['segment', 'lifetime_value', 'customer_id'],
                agg: { groupKeys: ['segment'], measures: ['customers', 'ltv', 'orders'], groups: 4 },
              }),
      };
    },
  },
  {
    name: 'campaign-sessions-by-segment',
    weight: 2,
    client: 'powerbi',
    users: USERS.bi,
    templateLabels: [],
    injected: ['row-estimate'],
    queried: ['lakehouse.web.sessions', 'lakehouse.sales.customers'],
    basePlanningMs: 260,
    run: (rng, at) => {
      const tag = rng.pick(['utm_', 'utm_source', 'gclid']);
      return {
        sql:
          'SELECT c.segment, COUNT(*) AS sessions, SUM(s.revenue) AS revenue\nFROM lakehouse.web.sessions s\n' +
          `JOIN lakehouse.sales.customers c ON c.customer_id = s.user_id\nWHERE s.session_start >= ${tsDaysBefore(at, 30)} ` +
          `AND s.referrer LIKE '%${tag}%'\nGROUP BY c.segment`,
        plan: (c) => {
          // Statistics on sessions give the filter a real selectivity; the join's estimate also needs the
          // customers side's, so only both together put the build side right.
          const filterKnown = c.statistics?.('lakehouse.web.sessions') === true;
          const joinKnown = filterKnown && c.statistics?.('lakehouse.sales.customers') === true;
          const keeps = c.rng.range(0.85, 0.95);
          const filterOffBy = c.rng.range(60, 300);
          return joinQuery(c, {
            probe: {
              table: 'lakehouse.web.sessions',
              columns: ['user_id', 'session_start', 'referrer', 'revenue'],
              filters: [lastDays('session_start', at, 30, 365), like('referrer', `%${tag}%`, keeps)],
              // The planner assumes LIKE keeps 1% of rows; almost all sessions carry campaign tags.
              ...(filterKnown ? {} : { filterEstimateOffBy: filterOffBy }),
            },
            build: { table: 'lakehouse.sales.customers', columns: ['customer_id', 'segment'], filters: [] },
            outRows: (probe) => probe,
            condition: '=($0, $4)',
            outColumns: ['segment', 'revenue'],
            agg: { groupKeys: ['segment'], measures: ['sessions', 'revenue'], groups: 4 },
            ...(joinKnown ? {} : { joinEstimateOffBy: c.rng.range(60, 300) }),
            // With the estimate that low the planner hashes the wrong side and the join does 3× the work.
            joinWorkFactor: joinKnown ? 1 : 3,
          });
        },
      };
    },
  },
  {
    name: 'powerbi-orders-extract',
    weight: 2,
    client: 'powerbi',
    users: ['powerbi_svc'],
    templateLabels: [],
    injected: ['client-blocking'],
    queried: ['lakehouse.sales.orders'],
    timing: { clientFetchMs: [60_000, 400_000] },
    basePlanningMs: 130,
    run: (_rng, at) => ({
      sql:
        'SELECT order_id, customer_id, order_ts, status, channel, region, amount, quantity\n' +
        `FROM lakehouse.sales.orders\nWHERE order_ts >= ${tsDaysBefore(at, 7)}`,
      plan: (c) =>
        selectQuery(c, {
          scan: {
            table: 'lakehouse.sales.orders',
            columns: [
              'order_id',
              'customer_id',
              'order_ts',
              'status',
              'channel',
              'region',
              'amount',
              'quantity',
            ],
            filters: [lastDays('order_ts', at, 7, 730)],
          },
        }),
    }),
  },
  {
    name: 'sensor-maintenance-overlap',
    weight: 1,
    client: 'flight',
    users: USERS.scientists,
    templateLabels: [],
    injected: ['nested-loop-join'],
    queried: ['lakehouse.iot.sensor_readings', 'lakehouse.iot.maintenance_windows'],
    basePlanningMs: 170,
    run: (rng, at) => {
      const daysAgo = rng.int(1, 5);
      return {
        sql:
          'SELECT r.device_id, r.reading_ts, r.value, m.reason\nFROM lakehouse.iot.sensor_readings r\n' +
          'JOIN lakehouse.iot.maintenance_windows m ON r.site = m.site AND r.reading_ts BETWEEN m.window_start AND m.window_end\n' +
          `WHERE CAST(r.reading_ts AS DATE) = '${dateDaysBefore(at, daysAgo)}'`,
        plan: (c) =>
          nestedLoopQuery(c, {
            probe: {
              table: 'lakehouse.iot.sensor_readings',
              columns: ['device_id', 'reading_ts', 'value', 'site'],
              filters: [onDate('reading_ts', at, daysAgo, 180)],
            },
            build: {
              table: 'lakehouse.iot.maintenance_windows',
              columns: ['site', 'window_start', 'window_end', 'reason'],
              filters: [],
            },
            matchRate: 0.002,
            condition: 'AND(=($3, $4), >=($1, $5), <=($1, $6))',
          }),
      };
    },
  },
];
