import { describe, expect, it } from 'vitest';
import { reflectionFromSysRow } from './reflection-rows.js';

/** A failed reflection's `sys.reflections` row as the 25.x documentation prints it. */
const FAILED_ROW = {
  reflection_id: 'f154623d-de50-4b32-8049-085228917357',
  reflection_name: 'Aggregation Reflection',
  type: 'AGGREGATION',
  status: 'FAILED',
  dataset_id: '11add18a-b642-43ed-856e-c2fd3f3c64e0',
  dataset_name: 'Samples."samples.dremio.com"."zip_lookup.csv"',
  dimensions: 'B',
  measures: 'C',
  num_failures: 3,
  last_failure_message: null,
  refresh_status: 'GIVEN_UP',
  acceleration_status: 'NONE',
  record_count: -1n,
  current_footprint_bytes: 0n,
  last_refresh_duration_millis: -1n,
  last_refresh_from_table: '1970-01-01 00:00:00.000',
  considered_count: 0,
  matched_count: 0,
  accelerated_count: 0,
};

describe('reflectionFromSysRow', () => {
  it('fidelity-gaps sys.reflections: reads -1 as unknown, null messages as none, and bare measure names', () => {
    const reflection = reflectionFromSysRow(FAILED_ROW, [])!;
    expect(reflection).toMatchObject({
      availabilityStatus: 'NONE',
      datasetPath: 'Samples."samples.dremio.com"."zip_lookup.csv"',
      measures: ['C'],
      lastFailureMessage: null,
      lastRefreshDurationMs: null,
      lastRefreshAt: null,
      currentSizeBytes: 0,
      failureCount: 3,
    });
  });
});
