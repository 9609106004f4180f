import type { OperatorSummary } from '../domain/profile-summary.js';
import type { MetricResolver } from './metric-resolver.js';
import { OPERATOR_TYPE, operatorTypeName } from './operator-types.js';
import { asArray, asNumber, asObject, type RawObject } from './raw-access.js';
import { spreadOf } from './spread-stats.js';

/** One operator's numbers across its minor fragments, before records-out is derived. */
export interface OperatorAccumulator {
  readonly key: string;
  readonly majorFragmentId: number;
  readonly operatorId: number;
  readonly operatorType: number;
  readonly operatorSubtype: number;
  minorFragmentCount: number;
  readonly recordsInByInput: number[];
  readonly bytesInByInput: number[];
  readonly batchesInByInput: number[];
  readonly recordsInPerMinor: number[];
  /** Records per input stream per minor fragment (`[input][minor]`), for per-fragment products. */
  readonly recordsInByInputPerMinor: number[][];
  readonly setupNanos: number[];
  readonly processNanos: number[];
  readonly waitNanos: number[];
  peakMemoryBytes: number;
  readonly metrics: Map<string, number>;
  outputRecords: number | undefined;
  outputBytes: number | undefined;
}

/** `MM-OO`: the label the Dremio UI gives an operator. */
export function operatorKey(majorFragmentId: number, operatorId: number): string {
  return `${String(majorFragmentId).padStart(2, '0')}-${String(operatorId).padStart(2, '0')}`;
}

/** Folds every minor fragment's operator profiles into one accumulator per `MM-OO`. */
export function accumulateOperators(options: {
  fragmentProfile: unknown;
  resolver: MetricResolver;
}): Map<string, OperatorAccumulator> {
  const byKey = new Map<string, OperatorAccumulator>();
  for (const major of asArray(options.fragmentProfile)) {
    const majorRaw = asObject(major);
    const majorId = asNumber(majorRaw.majorFragmentId);
    for (const minor of asArray(majorRaw.minorFragmentProfile)) {
      for (const op of asArray(asObject(minor).operatorProfile)) {
        addOperator({ byKey, majorId, op: asObject(op), resolver: options.resolver });
      }
    }
  }
  return byKey;
}

function addOperator(options: {
  byKey: Map<string, OperatorAccumulator>;
  majorId: number;
  op: RawObject;
  resolver: MetricResolver;
}): void {
  const { op, majorId } = options;
  const operatorId = asNumber(op.operatorId);
  const key = operatorKey(majorId, operatorId);
  let acc = options.byKey.get(key);
  if (acc === undefined) {
    acc = newAccumulator({ key, majorId, operatorId, op });
    options.byKey.set(key, acc);
  }
  acc.minorFragmentCount++;
  let recordsThisMinor = 0;
  asArray(op.inputProfile).forEach((stream, index) => {
    const raw = asObject(stream);
    const records = asNumber(raw.records);
    recordsThisMinor += records;
    acc.recordsInByInput[index] = (acc.recordsInByInput[index] ?? 0) + records;
    acc.recordsInByInputPerMinor[index] ??= [];
    acc.recordsInByInputPerMinor[index][acc.minorFragmentCount - 1] = records;
    acc.bytesInByInput[index] = (acc.bytesInByInput[index] ?? 0) + asNumber(raw.size);
    acc.batchesInByInput[index] = (acc.batchesInByInput[index] ?? 0) + asNumber(raw.batches);
  });
  acc.recordsInPerMinor.push(recordsThisMinor);
  acc.setupNanos.push(asNumber(op.setupNanos));
  acc.processNanos.push(asNumber(op.processNanos));
  acc.waitNanos.push(asNumber(op.waitNanos));
  acc.peakMemoryBytes = Math.max(acc.peakMemoryBytes, asNumber(op.peakLocalMemoryAllocated));
  if (op.outputRecords !== undefined)
    acc.outputRecords = (acc.outputRecords ?? 0) + asNumber(op.outputRecords);
  if (op.outputBytes !== undefined) acc.outputBytes = (acc.outputBytes ?? 0) + asNumber(op.outputBytes);
  addMetrics({ acc, metrics: op.metric, resolver: options.resolver });
}

function newAccumulator(options: { key: string; majorId: number; operatorId: number; op: RawObject }) {
  return {
    key: options.key,
    majorFragmentId: options.majorId,
    operatorId: options.operatorId,
    operatorType: asNumber(options.op.operatorType),
    operatorSubtype: asNumber(options.op.operatorSubtype),
    minorFragmentCount: 0,
    recordsInByInput: [],
    bytesInByInput: [],
    batchesInByInput: [],
    recordsInPerMinor: [],
    recordsInByInputPerMinor: [],
    setupNanos: [],
    processNanos: [],
    waitNanos: [],
    peakMemoryBytes: 0,
    metrics: new Map(),
    outputRecords: undefined,
    outputBytes: undefined,
  } satisfies OperatorAccumulator;
}

function addMetrics(options: { acc: OperatorAccumulator; metrics: unknown; resolver: MetricResolver }): void {
  const { acc } = options;
  for (const metric of asArray(options.metrics)) {
    const raw = asObject(metric);
    const naming = options.resolver.resolve(acc.operatorType, asNumber(raw.metricId));
    const value = raw.longValue !== undefined ? asNumber(raw.longValue) : asNumber(raw.doubleValue);
    const previous = acc.metrics.get(naming.name);
    if (previous === undefined) acc.metrics.set(naming.name, value);
    else
      acc.metrics.set(
        naming.name,
        naming.aggregation === 'max' ? Math.max(previous, value) : previous + value,
      );
  }
}

/** Finishes an accumulator into the domain record once records-out and the plan estimate are known. */
export function toOperatorSummary(options: {
  acc: OperatorAccumulator;
  subtypeName: string | undefined;
  planNodeName: string | undefined;
  estimatedRows: number | undefined;
  recordsOut: Pick<OperatorSummary, 'recordsOut' | 'recordsOutSource'>;
}): OperatorSummary {
  const { acc } = options;
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + (b ?? 0), 0);
  return {
    key: acc.key,
    majorFragmentId: acc.majorFragmentId,
    operatorId: acc.operatorId,
    operatorType: acc.operatorType,
    typeName: operatorTypeName(acc.operatorType),
    subtypeName: acc.operatorType === OPERATOR_TYPE.TABLE_FUNCTION ? options.subtypeName : undefined,
    planNodeName: options.planNodeName,
    minorFragmentCount: acc.minorFragmentCount,
    recordsIn: sum(acc.recordsInByInput),
    bytesIn: sum(acc.bytesInByInput),
    batchesIn: sum(acc.batchesInByInput),
    recordsInByInput: Array.from(acc.recordsInByInput, (v) => v ?? 0),
    recordsOut: options.recordsOut.recordsOut,
    bytesOut: acc.outputBytes ?? 0,
    recordsOutSource: options.recordsOut.recordsOutSource,
    recordsInPerMinor: spreadOf(acc.recordsInPerMinor),
    setupNanos: spreadOf(acc.setupNanos),
    processNanos: spreadOf(acc.processNanos),
    waitNanos: spreadOf(acc.waitNanos),
    peakMemoryBytes: acc.peakMemoryBytes,
    metrics: Object.fromEntries(acc.metrics),
    estimatedRows: options.estimatedRows,
  };
}
