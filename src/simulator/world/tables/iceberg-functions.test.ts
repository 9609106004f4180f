import { describe, expect, it } from 'vitest';
import { createWorld } from '../../create-world.js';
import { testWorldOptions } from '../test-world.js';

describe('Iceberg function arguments', () => {
  const world = createWorld(testWorldOptions({ jobs: 50 }));

  it('fidelity-gaps #10: reads the table argument as a SQL path, quoted parts kept whole', () => {
    for (const path of ['lakehouse.sales.orders', '"lakehouse"."sales"."orders"', 'LAKEHOUSE.sales."orders"'])
      expect(world.tableFunction('table_files', path), path).toBeDefined();
    expect(world.tableFunction('table_files', '"lakehouse.sales".orders')).toBeUndefined();
    expect(world.tableFunction('table_files', '"lakehouse.sales.orders"')).toBeUndefined();
  });
});
