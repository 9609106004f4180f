import { isMaxAggregated, metricNamesFor } from './metric-catalog.js';
import { asArray, asNumber, asObject, asString } from './raw-access.js';

/** How a metric is combined across minor fragments (`MetricDef.AggregationType`: 0 SUM, 1 MAX). */
export type MetricAggregation = 'sum' | 'max';

export interface MetricNaming {
  readonly name: string;
  readonly aggregation: MetricAggregation;
}

/** Names metric ids for an operator type. */
export interface MetricResolver {
  resolve(operatorType: number, metricId: number): MetricNaming;
  /** True when the profile's own `operatorTypeMetricsMap` had no definitions at all. */
  readonly usedFallback: boolean;
}

/**
 * Prefers the profile's own `operatorTypeMetricsMap` (ordinals move between releases); for an operator
 * type the map does not describe, falls back to the per-release tables; an id neither knows becomes
 * `METRIC_<id>`.
 */
export function createMetricResolver(options: {
  metricsMap: unknown;
  dremioVersion: string;
}): MetricResolver {
  const fromProfile = readProfileMap(options.metricsMap);
  const fallbackCache = new Map<number, readonly string[]>();
  const fallback = (operatorType: number): readonly string[] => {
    let names = fallbackCache.get(operatorType);
    if (names === undefined) {
      names = metricNamesFor({ dremioVersion: options.dremioVersion, operatorType });
      fallbackCache.set(operatorType, names);
    }
    return names;
  };
  return {
    usedFallback: fromProfile.size === 0,
    resolve(operatorType, metricId) {
      const own = fromProfile.get(operatorType);
      if (own !== undefined) return own.get(metricId) ?? { name: `METRIC_${metricId}`, aggregation: 'sum' };
      const name = fallback(operatorType)[metricId] ?? `METRIC_${metricId}`;
      return { name, aggregation: isMaxAggregated({ operatorType, name }) ? 'max' : 'sum' };
    },
  };
}

function readProfileMap(metricsMap: unknown): Map<number, Map<number, MetricNaming>> {
  const byType = new Map<number, Map<number, MetricNaming>>();
  asArray(asObject(metricsMap).metricsDef).forEach((entry, operatorType) => {
    const defs = asArray(asObject(entry).metricDef);
    if (defs.length === 0) return;
    const byId = new Map<number, MetricNaming>();
    defs.forEach((def, index) => {
      const raw = asObject(def);
      const id = raw.id === undefined ? index : asNumber(raw.id);
      const name = asString(raw.name) || `METRIC_${id}`;
      byId.set(id, { name, aggregation: asNumber(raw.aggregationType) === 1 ? 'max' : 'sum' });
    });
    byType.set(operatorType, byId);
  });
  return byType;
}
