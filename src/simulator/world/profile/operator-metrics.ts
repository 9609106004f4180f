/**
 * The metrics each simulated operator reports per minor fragment, by name; ids come from the
 * flavor's metric catalog, so HashJoin SPILL_COUNT is 30 before 25.1, 31 in 25.1 and 29 from 25.2 on.
 */
import { metricIdFor } from '../../../profile/metric-catalog.js';
import type { FragmentOperator } from '../plan/fragments.js';

export interface MetricValue {
  readonly metricId: number;
  readonly longValue: number;
}

export interface MinorShare {
  /** This minor's share of the operator's total work (0–1). */
  readonly share: number;
  readonly inputRecords: number;
  readonly outputRecords: number;
  readonly outputBytes: number;
  readonly minors: number;
}

function spillMetrics(op: FragmentOperator, s: MinorShare): [string, number][] {
  const spill = op.node.spill;
  if (!spill) return [];
  const bytes = Math.round(spill.spilledBytes * s.share);
  const count = Math.max(1, Math.round((spill.spillCount * s.share * s.minors) / Math.max(1, s.minors)));
  switch (op.node.kind) {
    case 'hash-agg':
      return [
        ['SPILL_COUNT', count],
        ['PARTITIONS_SPILLED', Math.min(8, count)],
        ['TOTAL_SPILLED_DATA_SIZE', bytes],
        ['TOTAL_RECORDS_SPILLED', Math.round(spill.spilledRecords * s.share)],
        ['TOTAL_BATCHES_SPILLED', Math.ceil((spill.spilledRecords * s.share) / 4095)],
      ];
    case 'hash-join':
      return [
        ['SPILL_COUNT', count],
        ['SPILL_WR_BUILD_BYTES', Math.round(bytes * 0.6)],
        ['SPILL_WR_PROBE_BYTES', bytes - Math.round(bytes * 0.6)],
      ];
    case 'external-sort':
      return [
        ['SPILL_COUNT', count],
        ['TOTAL_SPILLED_DATA_SIZE', bytes],
        ['BATCHES_SPILLED', Math.ceil((spill.spilledRecords * s.share) / 4095)],
      ];
    default:
      return [];
  }
}

function namedMetrics(op: FragmentOperator, s: MinorShare): [string, number][] {
  const batches = Math.ceil(s.outputRecords / 4095);
  if (op.role === 'sender') {
    return [
      ['BATCHES_SENT', batches],
      ['RECORDS_SENT', s.outputRecords],
      ['BYTES_SENT', s.outputBytes],
    ];
  }
  if (op.role === 'receiver') {
    return [
      ['BYTES_RECEIVED', s.outputBytes],
      ['BATCHES_RECEIVED', batches],
      ['NUM_SENDERS', 1],
    ];
  }
  const node = op.node;
  switch (node.kind) {
    case 'screen':
      return [['BYTES_SENT', s.outputBytes]];
    case 'hash-agg':
      return [
        ['NUM_BUCKETS', 2 ** Math.ceil(Math.log2(Math.max(2, s.outputRecords)))],
        ['NUM_ENTRIES', s.outputRecords],
        ['NUM_HASH_PARTITIONS', 8],
        ...spillMetrics(op, s),
      ];
    case 'hash-join':
      return [
        ['NUM_BUCKETS', 2 ** Math.ceil(Math.log2(Math.max(2, s.inputRecords)))],
        ['NUM_ENTRIES', Math.round(s.inputRecords / 2)],
        ['OUTPUT_RECORDS', s.outputRecords],
        ...spillMetrics(op, s),
      ];
    case 'external-sort':
      return [['PEAK_BATCHES_IN_MEMORY', Math.min(batches, 2048)], ...spillMetrics(op, s)];
    case 'nested-loop-join':
      return [
        ['PROBE_COUNT', s.inputRecords],
        ['MATCH_NANOS', Math.round(node.processNs * s.share * 0.8)],
      ];
    case 'data-file-scan': {
      const files = Math.max(1, Math.round((node.scan?.filesRead ?? 1) * s.share));
      const bytes = Math.round((node.scan?.bytesRead ?? 0) * s.share);
      return [
        ['NUM_READERS', files],
        ['NUM_ROW_GROUPS', files],
        ['PARQUET_BYTES_READ', bytes],
        ['TOTAL_BYTES_READ', bytes],
      ];
    }
    case 'split-gen':
      return [
        ['NUM_MANIFEST_FILE', Math.max(1, Math.round(s.inputRecords))],
        ['NUM_DATA_FILE', s.outputRecords],
      ];
    default:
      return [];
  }
}

export function operatorMetrics(options: {
  readonly dremioVersion: string;
  readonly operatorType: number;
  readonly op: FragmentOperator;
  readonly minor: MinorShare;
}): MetricValue[] {
  const out: MetricValue[] = [];
  for (const [name, value] of namedMetrics(options.op, options.minor)) {
    const metricId = metricIdFor({
      dremioVersion: options.dremioVersion,
      operatorType: options.operatorType,
      name,
    });
    if (metricId !== undefined) out.push({ metricId, longValue: Math.round(value) });
  }
  return out;
}
