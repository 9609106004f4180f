/**
 * The simulated lakehouse: Iceberg tables in `lakehouse`, Parquet folders in `datalake`, and views
 * in the `analytics` and `finance` spaces. Sizes are chosen so the cost model gives realistic
 * seconds; `web.events` and `iot.sensor_readings` are the small-files tables (≈2 MB files).
 */
import type { ColumnType, PartitionField, SimTableDef, SimViewDef, TableColumn } from './model.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** Tables last changed a few hours before history ends; layouts are relative to `endAt`. */
const LAYOUT_AGE_MS = 6 * 3_600_000;

function cols(spec: string): TableColumn[] {
  return spec.split(/\s+/).map((item) => {
    const [name = '', type = 'VARCHAR'] = item.split(':');
    return { name, type: type as ColumnType };
  });
}

interface TableSeed {
  readonly path: string;
  readonly format: 'Iceberg' | 'Parquet';
  readonly columns: string;
  readonly rowCount: number;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly partitionFields: readonly PartitionField[];
}

/** Dremio's own sample file, in a folder whose name holds dots. */
export const ZIPS_PATH = 'Samples."samples.dremio.com"."zips.json"';
/** A folder with a space and a table with spaces and a double quote in its name. */
export const ACME_GOLD_PATH = 'datalake."partner feeds"."acme ""gold"" orders"';

const TABLE_SEEDS: readonly TableSeed[] = [
  {
    path: 'lakehouse.sales.orders',
    format: 'Iceberg',
    columns:
      'order_id:BIGINT customer_id:BIGINT store_id:INTEGER order_ts:TIMESTAMP order_date:DATE status:VARCHAR ' +
      'channel:VARCHAR region:VARCHAR country:VARCHAR city:VARCHAR postal_code:VARCHAR currency:VARCHAR ' +
      'amount:DECIMAL tax_amount:DECIMAL discount_amount:DECIMAL shipping_amount:DECIMAL quantity:INTEGER ' +
      'payment_method:VARCHAR card_brand:VARCHAR coupon_code:VARCHAR is_gift:BOOLEAN gift_message:VARCHAR ' +
      'sales_rep_id:INTEGER campaign_id:VARCHAR device:VARCHAR browser:VARCHAR ip_address:VARCHAR ' +
      'fulfillment_center:VARCHAR promised_date:DATE shipped_ts:TIMESTAMP delivered_ts:TIMESTAMP ' +
      'return_reason:VARCHAR loyalty_tier:VARCHAR notes:VARCHAR created_by:VARCHAR updated_ts:TIMESTAMP',
    rowCount: 1_200_000_000,
    fileCount: 3_650,
    totalBytes: 420 * GIB,
    partitionFields: [{ column: 'order_ts', transform: 'day', partitionCount: 730 }],
  },
  {
    path: 'lakehouse.sales.order_items',
    format: 'Iceberg',
    columns:
      'order_id:BIGINT line_no:INTEGER product_id:BIGINT order_ts:TIMESTAMP quantity:INTEGER unit_price:DECIMAL ' +
      'discount:DECIMAL tax:DECIMAL warehouse_id:INTEGER category:VARCHAR brand:VARCHAR returned:BOOLEAN ' +
      'cost:DECIMAL margin:DECIMAL',
    rowCount: 3_600_000_000,
    fileCount: 5_840,
    totalBytes: 610 * GIB,
    partitionFields: [{ column: 'order_ts', transform: 'day', partitionCount: 730 }],
  },
  {
    path: 'lakehouse.sales.customers',
    format: 'Iceberg',
    columns:
      'customer_id:BIGINT first_name:VARCHAR last_name:VARCHAR email:VARCHAR phone:VARCHAR segment:VARCHAR ' +
      'region:VARCHAR country:VARCHAR city:VARCHAR signup_date:DATE loyalty_tier:VARCHAR lifetime_value:DECIMAL ' +
      'birth_year:INTEGER gender:VARCHAR marketing_opt_in:BOOLEAN referrer:VARCHAR account_status:VARCHAR ' +
      'last_login_ts:TIMESTAMP preferred_channel:VARCHAR credit_limit:DECIMAL risk_score:DOUBLE updated_ts:TIMESTAMP',
    rowCount: 18_000_000,
    fileCount: 48,
    totalBytes: 6 * GIB,
    partitionFields: [],
  },
  {
    path: 'lakehouse.sales.products',
    format: 'Iceberg',
    columns:
      'product_id:BIGINT sku:VARCHAR name:VARCHAR category:VARCHAR subcategory:VARCHAR brand:VARCHAR ' +
      'list_price:DECIMAL cost:DECIMAL weight_kg:DOUBLE launched_date:DATE discontinued:BOOLEAN supplier_id:INTEGER',
    rowCount: 150_000,
    fileCount: 2,
    totalBytes: 40 * MIB,
    partitionFields: [],
  },
  {
    path: 'lakehouse.sales.stores',
    format: 'Iceberg',
    columns:
      'store_id:INTEGER store_name:VARCHAR region:VARCHAR country:VARCHAR city:VARCHAR opened_date:DATE format:VARCHAR sqm:INTEGER',
    rowCount: 2_000,
    fileCount: 1,
    totalBytes: 1 * MIB,
    partitionFields: [],
  },
  {
    path: 'lakehouse.web.events',
    format: 'Iceberg',
    columns:
      'event_id:VARCHAR session_id:VARCHAR user_id:BIGINT event_ts:TIMESTAMP event_type:VARCHAR page:VARCHAR ' +
      'referrer:VARCHAR country:VARCHAR device:VARCHAR browser:VARCHAR user_agent:VARCHAR duration_ms:BIGINT ' +
      'campaign_id:VARCHAR experiment:VARCHAR variant:VARCHAR revenue:DOUBLE',
    rowCount: 900_000_000,
    fileCount: 24_000,
    totalBytes: 48 * GIB,
    partitionFields: [{ column: 'event_ts', transform: 'day', partitionCount: 365 }],
  },
  {
    path: 'lakehouse.web.sessions',
    format: 'Iceberg',
    columns:
      'session_id:VARCHAR user_id:BIGINT session_start:TIMESTAMP session_end:TIMESTAMP channel:VARCHAR ' +
      'landing_page:VARCHAR referrer:VARCHAR country:VARCHAR device:VARCHAR pageviews:INTEGER converted:BOOLEAN ' +
      'revenue:DOUBLE campaign_id:VARCHAR bounce:BOOLEAN',
    rowCount: 900_000_000,
    fileCount: 1_800,
    totalBytes: 190 * GIB,
    partitionFields: [{ column: 'session_start', transform: 'day', partitionCount: 365 }],
  },
  {
    path: 'lakehouse.ops.shipments',
    format: 'Iceberg',
    columns:
      'shipment_id:BIGINT order_id:BIGINT carrier:VARCHAR service_level:VARCHAR origin_dc:VARCHAR ' +
      'destination_country:VARCHAR destination_city:VARCHAR shipped_ts:TIMESTAMP promised_ts:TIMESTAMP ' +
      'delivered_ts:TIMESTAMP status:VARCHAR weight_kg:DOUBLE cost:DECIMAL tracking_no:VARCHAR late:BOOLEAN ' +
      'exception_code:VARCHAR packages:INTEGER insured:BOOLEAN signature:VARCHAR updated_ts:TIMESTAMP',
    rowCount: 140_000_000,
    fileCount: 320,
    totalBytes: 42 * GIB,
    partitionFields: [],
  },
  {
    path: 'lakehouse.ops.inventory_snapshots',
    format: 'Iceberg',
    columns:
      'snapshot_date:DATE warehouse_id:INTEGER product_id:BIGINT on_hand:INTEGER reserved:INTEGER ' +
      'in_transit:INTEGER reorder_point:INTEGER unit_cost:DECIMAL value:DECIMAL updated_ts:TIMESTAMP',
    rowCount: 2_200_000_000,
    fileCount: 2_400,
    totalBytes: 300 * GIB,
    partitionFields: [{ column: 'snapshot_date', transform: 'month', partitionCount: 24 }],
  },
  {
    path: 'lakehouse.iot.sensor_readings',
    format: 'Iceberg',
    columns:
      'device_id:VARCHAR reading_ts:TIMESTAMP metric:VARCHAR value:DOUBLE unit:VARCHAR site:VARCHAR line:VARCHAR quality:INTEGER',
    rowCount: 3_000_000_000,
    fileCount: 18_000,
    totalBytes: 27 * GIB,
    partitionFields: [{ column: 'reading_ts', transform: 'day', partitionCount: 180 }],
  },
  {
    path: 'lakehouse.ops.carrier_rates',
    format: 'Iceberg',
    columns:
      'carrier:VARCHAR service_level:VARCHAR origin_zone:VARCHAR destination_zone:VARCHAR weight_band:VARCHAR rate:DECIMAL valid_from:DATE',
    rowCount: 1_000_000,
    fileCount: 12,
    totalBytes: 48 * MIB,
    partitionFields: [],
  },
  {
    path: 'lakehouse.iot.maintenance_windows',
    format: 'Iceberg',
    columns: 'site:VARCHAR line:VARCHAR window_start:TIMESTAMP window_end:TIMESTAMP reason:VARCHAR',
    rowCount: 400,
    fileCount: 1,
    totalBytes: 64 * 1024,
    partitionFields: [],
  },
  {
    path: 'lakehouse.finance.ledger_entries',
    format: 'Iceberg',
    columns:
      'entry_id:BIGINT posting_date:DATE company_code:VARCHAR account:VARCHAR cost_center:VARCHAR ' +
      'amount:DECIMAL currency:VARCHAR fx_rate:DOUBLE amount_usd:DECIMAL journal:VARCHAR source_system:VARCHAR ' +
      'document_no:VARCHAR line_no:INTEGER description:VARCHAR created_by:VARCHAR approved_by:VARCHAR ' +
      'period:VARCHAR fiscal_year:INTEGER segment:VARCHAR intercompany:BOOLEAN reversal:BOOLEAN ' +
      'tax_code:VARCHAR project_code:VARCHAR updated_ts:TIMESTAMP',
    rowCount: 600_000_000,
    fileCount: 1_400,
    totalBytes: 160 * GIB,
    partitionFields: [{ column: 'posting_date', transform: 'month', partitionCount: 36 }],
  },
  {
    path: 'lakehouse.ref.country_codes',
    format: 'Iceberg',
    columns: 'iso2:VARCHAR iso3:VARCHAR country_name:VARCHAR',
    rowCount: 250,
    fileCount: 1,
    totalBytes: 12 * 1024,
    partitionFields: [],
  },
  {
    path: 'lakehouse.ref.fx_rates',
    format: 'Iceberg',
    columns: 'rate_date:DATE base_currency:VARCHAR quote_currency:VARCHAR rate:DOUBLE source:VARCHAR',
    rowCount: 90_000,
    fileCount: 1,
    totalBytes: 3 * MIB,
    partitionFields: [],
  },
  {
    path: 'datalake.raw.clickstream',
    format: 'Parquet',
    columns:
      'dt:VARCHAR click_id:VARCHAR user_id:BIGINT click_ts:TIMESTAMP campaign_id:VARCHAR ad_group:VARCHAR ' +
      'creative:VARCHAR placement:VARCHAR country:VARCHAR device:VARCHAR cost_micros:BIGINT impressions:INTEGER ' +
      'clicks:INTEGER conversions:INTEGER revenue:DOUBLE publisher:VARCHAR keyword:VARCHAR match_type:VARCHAR',
    rowCount: 1_500_000_000,
    fileCount: 5_200,
    totalBytes: 260 * GIB,
    partitionFields: [{ column: 'dt', transform: 'identity', partitionCount: 400 }],
  },
  {
    path: 'datalake.raw.marketing_spend',
    format: 'Parquet',
    columns:
      'spend_date:DATE channel:VARCHAR campaign_id:VARCHAR country:VARCHAR spend:DECIMAL currency:VARCHAR ' +
      'impressions:BIGINT clicks:BIGINT source_file:VARCHAR',
    rowCount: 2_000_000,
    fileCount: 4,
    totalBytes: 200 * MIB,
    partitionFields: [],
  },
  // Names that need quoting, as real clusters have them (fidelity-gaps #10): a folder and a file name
  // holding dots, a folder with spaces, a table with spaces and a doubled quote.
  {
    path: ZIPS_PATH,
    format: 'Parquet',
    columns: 'city:VARCHAR state:VARCHAR pop:BIGINT _id:VARCHAR',
    rowCount: 96_000_000,
    fileCount: 120,
    totalBytes: 12 * GIB,
    partitionFields: [],
  },
  {
    path: ACME_GOLD_PATH,
    format: 'Parquet',
    columns: 'order_day:DATE store:VARCHAR sku:VARCHAR amount:DECIMAL units:INTEGER',
    rowCount: 120_000_000,
    fileCount: 120,
    totalBytes: 12 * GIB,
    partitionFields: [],
  },
];

export function initialTables(endAtMs: number): SimTableDef[] {
  return TABLE_SEEDS.map((seed) => ({
    kind: 'table',
    path: seed.path,
    format: seed.format,
    columns: cols(seed.columns),
    rowCount: seed.rowCount,
    layout: {
      fileCount: seed.fileCount,
      totalBytes: seed.totalBytes,
      partitionFields: seed.partitionFields,
      snapshotCount: 40 + (seed.fileCount % 37),
      lastChangeMs: endAtMs - LAYOUT_AGE_MS,
    },
    labels: [],
  }));
}

export const INITIAL_VIEWS: readonly SimViewDef[] = [
  {
    kind: 'view',
    path: 'analytics.daily_revenue',
    columns: cols('order_date:DATE region:VARCHAR channel:VARCHAR revenue:DOUBLE orders:BIGINT'),
    sql:
      'SELECT CAST(order_ts AS DATE) AS order_date, region, channel, SUM(amount) AS revenue, COUNT(*) AS orders\n' +
      'FROM lakehouse.sales.orders\nGROUP BY CAST(order_ts AS DATE), region, channel',
    parents: ['lakehouse.sales.orders'],
    labels: [],
  },
  {
    kind: 'view',
    path: 'analytics.customer_360',
    columns: cols(
      'customer_id:BIGINT segment:VARCHAR region:VARCHAR lifetime_value:DECIMAL orders_90d:BIGINT sessions_90d:BIGINT last_order_ts:TIMESTAMP',
    ),
    sql:
      'SELECT c.customer_id, c.segment, c.region, c.lifetime_value, o.orders_90d, s.sessions_90d, o.last_order_ts\n' +
      'FROM lakehouse.sales.customers c\n' +
      'LEFT JOIN (SELECT customer_id, COUNT(*) AS orders_90d, MAX(order_ts) AS last_order_ts FROM lakehouse.sales.orders ' +
      "WHERE order_ts >= CURRENT_DATE - INTERVAL '90' DAY GROUP BY customer_id) o ON o.customer_id = c.customer_id\n" +
      'LEFT JOIN (SELECT user_id, COUNT(*) AS sessions_90d FROM lakehouse.web.sessions ' +
      "WHERE session_start >= CURRENT_DATE - INTERVAL '90' DAY GROUP BY user_id) s ON s.user_id = c.customer_id",
    parents: ['lakehouse.sales.customers', 'lakehouse.sales.orders', 'lakehouse.web.sessions'],
    labels: [],
  },
  {
    kind: 'view',
    path: 'analytics.web_funnel',
    columns: cols('event_date:DATE country:VARCHAR device:VARCHAR step:VARCHAR users:BIGINT'),
    sql:
      'SELECT CAST(event_ts AS DATE) AS event_date, country, device, event_type AS step, COUNT(DISTINCT user_id) AS users\n' +
      'FROM lakehouse.web.events\nGROUP BY CAST(event_ts AS DATE), country, device, event_type',
    parents: ['lakehouse.web.events'],
    labels: [],
  },
  {
    kind: 'view',
    path: 'finance.monthly_pnl',
    columns: cols('period:VARCHAR company_code:VARCHAR account:VARCHAR amount_usd:DOUBLE'),
    sql:
      'SELECT period, company_code, account, SUM(amount_usd) AS amount_usd\nFROM lakehouse.finance.ledger_entries\n' +
      'GROUP BY period, company_code, account',
    parents: ['lakehouse.finance.ledger_entries'],
    labels: [],
  },
  {
    kind: 'view',
    path: 'analytics.shipment_status',
    columns: cols('carrier:VARCHAR status:VARCHAR destination_country:VARCHAR shipments:BIGINT late:BIGINT'),
    sql:
      'SELECT carrier, status, destination_country, COUNT(*) AS shipments, SUM(CASE WHEN late THEN 1 ELSE 0 END) AS late\n' +
      'FROM lakehouse.ops.shipments\nGROUP BY carrier, status, destination_country',
    parents: ['lakehouse.ops.shipments'],
    labels: [],
  },
];

/** Sources and spaces at the catalog root, with their Dremio source types. */
export const CATALOG_ROOTS: readonly {
  readonly name: string;
  readonly containerType: 'SOURCE' | 'SPACE';
  readonly sourceType?: string;
}[] = [
  { name: 'lakehouse', containerType: 'SOURCE', sourceType: 'NESSIE' },
  { name: 'datalake', containerType: 'SOURCE', sourceType: 'S3' },
  { name: 'analytics', containerType: 'SPACE' },
  { name: 'finance', containerType: 'SPACE' },
];
