import { describe, expect, it } from 'vitest';
import { createWorld } from '../../create-world.js';
import type { SqlRow } from '../../world.js';
import { testWorldOptions } from '../test-world.js';

function reflectionRows(flavor: 'software-25.1' | 'software-26' | 'cloud'): SqlRow[] {
  const world = createWorld(testWorldOptions({ flavor, jobs: 200 }));
  const table = world.table(flavor === 'cloud' ? 'sys.project.reflections' : 'sys.reflections')!;
  return [...table.scan([])];
}

describe('sys.reflections rows', () => {
  for (const flavor of ['software-25.1', 'software-26', 'cloud'] as const) {
    it(`fidelity-gaps sys.reflections: availability in acceleration_status, bare measure names, -1 and null when unknown (${flavor})`, () => {
      const rows = reflectionRows(flavor);
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) {
        expect(['NONE', 'AVAILABLE']).toContain(row.acceleration_status);
        expect(String(row.measures)).not.toContain('(');
        if (row.status !== 'FAILED') expect(row.last_failure_message).toBeNull();
      }
      const failed = rows.find((r) => r.status === 'FAILED')!;
      expect(failed).toMatchObject({
        acceleration_status: 'NONE',
        refresh_status: 'GIVEN_UP',
        record_count: -1n,
        last_refresh_duration_millis: -1n,
      });
      expect(rows.some((r) => r.acceleration_status === 'AVAILABLE')).toBe(true);
    });
  }
});
