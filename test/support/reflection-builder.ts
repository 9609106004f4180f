import type { Reflection, ReflectionRefresh } from '../../src/domain/reflection.js';

/** A reflection record with neutral defaults; tests override what they check. */
export function buildReflection(overrides: Partial<Reflection> = {}): Reflection {
  return {
    reflectionId: 'r-1',
    name: 'existing',
    type: 'RAW',
    datasetId: null,
    datasetPath: null,
    enabled: true,
    status: 'CAN_ACCELERATE',
    refreshStatus: 'SCHEDULED',
    availabilityStatus: 'CAN_ACCELERATE',
    dimensions: [],
    measures: [],
    displayColumns: [],
    partitionColumns: [],
    currentSizeBytes: null,
    consideredCount: null,
    matchedCount: null,
    chosenCount: null,
    failureCount: 0,
    lastFailureMessage: null,
    lastRefreshAt: null,
    lastRefreshDurationMs: null,
    createdAt: null,
    refreshes: [],
    ...overrides,
  };
}

export function buildRefresh(overrides: Partial<ReflectionRefresh> = {}): ReflectionRefresh {
  return {
    materializationId: 'm-1',
    startedAt: null,
    durationMs: null,
    state: 'DONE',
    sizeBytes: null,
    failureMessage: null,
    ...overrides,
  };
}
