import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world.js';
import { parseDdlStatement } from './ddl-grammar.js';
import { testWorldOptions } from './test-world.js';

const USER = { user: 'dave.okafor', at: new Date('2026-11-01T09:00:00Z').getTime() };

describe('ALTER TABLE … CLUSTER BY (Dremio 26 clustering keys)', () => {
  it('parses a parenthesised column list on ALTER TABLE only', () => {
    expect(parseDdlStatement('ALTER TABLE lakehouse.sales.orders CLUSTER BY (status, region)')).toEqual({
      kind: 'command',
      command: {
        kind: 'cluster-table',
        path: ['lakehouse', 'sales', 'orders'],
        columns: ['status', 'region'],
      },
    });
    expect(parseDdlStatement('ALTER TABLE lakehouse.sales.orders CLUSTER BY status').kind).toBe('invalid');
    expect(parseDdlStatement('ALTER VIEW lakehouse.sales.v CLUSTER BY (status)').kind).toBe('invalid');
  });

  it('records the keys on an Iceberg table and rejects a column the table lacks', () => {
    const world = createWorld(testWorldOptions({ jobs: 100 }));
    const ok = world.submitSql('ALTER TABLE lakehouse.sales.orders CLUSTER BY (status)', USER).job;
    expect(ok.finalState, ok.errorMessage ?? '').toBe('COMPLETED');
    const bad = world.submitSql('ALTER TABLE lakehouse.sales.orders CLUSTER BY (no_such_column)', USER).job;
    expect(bad.finalState).toBe('FAILED');
    expect(bad.errorMessage).toContain("Column 'no_such_column' not found");
  });
});
