/**
 * The reflections the world starts with: two that serve dashboards (chosen), one raw reflection a
 * slow-but-accelerated query uses, two nobody uses, and one whose refreshes keep failing.
 */
import type { DetectorId } from '../../domain/detector-id.js';
import { entityUuid } from './job-id.js';
import type { SimReflectionDef } from './model.js';

interface ReflectionSeed {
  readonly name: string;
  readonly datasetPath: string;
  readonly type: SimReflectionDef['type'];
  readonly display?: readonly string[];
  readonly dimensions?: readonly string[];
  readonly measures?: readonly string[];
  readonly partition?: readonly string[];
  readonly failing?: boolean;
  readonly recordCount: number;
  readonly sizeBytes: number;
  readonly ageDays: number;
  readonly labels: readonly DetectorId[];
}

const SEEDS: readonly ReflectionSeed[] = [
  {
    name: 'orders_daily_region_agg',
    datasetPath: 'lakehouse.sales.orders',
    type: 'AGGREGATION',
    dimensions: ['order_ts', 'region', 'channel'],
    measures: ['amount'],
    partition: ['order_ts'],
    recordCount: 43_800,
    sizeBytes: 3_400_000,
    ageDays: 120,
    labels: [],
  },
  {
    name: 'customers_contact_raw',
    datasetPath: 'lakehouse.sales.customers',
    type: 'RAW',
    display: ['customer_id', 'first_name', 'last_name', 'email', 'segment', 'loyalty_tier'],
    recordCount: 18_000_000,
    sizeBytes: 1_300_000_000,
    ageDays: 200,
    labels: [],
  },
  {
    name: 'ledger_period_agg',
    datasetPath: 'lakehouse.finance.ledger_entries',
    type: 'AGGREGATION',
    dimensions: ['posting_date', 'company_code', 'account'],
    measures: ['amount_usd'],
    partition: ['posting_date'],
    recordCount: 2_100_000,
    sizeBytes: 96_000_000,
    ageDays: 90,
    labels: [],
  },
  {
    name: 'clickstream_publisher_raw',
    datasetPath: 'datalake.raw.clickstream',
    type: 'RAW',
    display: ['dt', 'publisher', 'placement', 'impressions', 'revenue'],
    partition: ['dt'],
    recordCount: 1_500_000_000,
    sizeBytes: 38_000_000_000,
    ageDays: 60,
    labels: [],
  },
  {
    name: 'events_country_device_agg',
    datasetPath: 'lakehouse.web.events',
    type: 'AGGREGATION',
    dimensions: ['country', 'device', 'experiment'],
    measures: ['duration_ms'],
    recordCount: 310_000,
    sizeBytes: 14_000_000,
    ageDays: 75,
    labels: ['reflection-unused'],
  },
  {
    name: 'inventory_snapshot_raw',
    datasetPath: 'lakehouse.ops.inventory_snapshots',
    type: 'RAW',
    display: ['snapshot_date', 'warehouse_id', 'product_id', 'on_hand', 'reserved'],
    partition: ['snapshot_date'],
    recordCount: 2_200_000_000,
    sizeBytes: 61_000_000_000,
    ageDays: 150,
    labels: ['reflection-unused'],
  },
  {
    name: 'shipments_carrier_agg',
    datasetPath: 'lakehouse.ops.shipments',
    type: 'AGGREGATION',
    dimensions: ['carrier', 'status', 'destination_country'],
    measures: ['cost', 'weight_kg'],
    failing: true,
    recordCount: 0,
    sizeBytes: 0,
    ageDays: 30,
    labels: ['reflection-failing'],
  },
];

export const REFLECTION_FAILURE_MESSAGE =
  "DATA_READ ERROR: Failed to read data from object store. Access Denied (Service: Amazon S3; Status Code: 403) reading 's3://acme-lake/ops/shipments/data/'";

export function initialReflections(seed: number, endAtMs: number): SimReflectionDef[] {
  return SEEDS.map((s) => ({
    id: entityUuid(seed, `reflection:${s.name}`),
    name: s.name,
    datasetPath: s.datasetPath,
    type: s.type,
    displayColumns: s.display ?? [],
    dimensionColumns: s.dimensions ?? [],
    measureColumns: s.measures ?? [],
    partitionColumns: s.partition ?? [],
    enabled: true,
    failing: s.failing ?? false,
    createdAtMs: endAtMs - s.ageDays * 86_400_000,
    recordCount: s.recordCount,
    sizeBytes: s.sizeBytes,
    tag: entityUuid(seed, `reflection-tag:${s.name}:0`),
  }));
}

export function initialReflectionLabels(name: string): readonly DetectorId[] {
  return SEEDS.find((s) => s.name === name)?.labels ?? [];
}
