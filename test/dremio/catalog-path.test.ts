import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDottedPath } from '../../src/dremio/catalog-path.js';
import { createDremioConnection } from '../../src/dremio/dremio-connection.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSim({ flavor: 'software-25.1', jobs: 100 });
});
afterAll(() => sim.stop());

describe('resolveDottedPath', () => {
  it('fidelity-gaps #10: finds the parts of a path history printed unquoted, dots inside names included', async () => {
    const connection = createDremioConnection(optionsFor(sim));
    try {
      expect(await resolveDottedPath(connection, 'Samples.samples.dremio.com.NYC-taxi-trips')).toEqual([
        'Samples',
        'samples.dremio.com',
        'NYC-taxi-trips',
      ]);
      expect(await resolveDottedPath(connection, 'LAKEHOUSE.sales.orders')).toEqual([
        'lakehouse',
        'sales',
        'orders',
      ]);
      expect(
        await resolveDottedPath(connection, 'Samples.samples.dremio.com.zip_lookup.csv'),
      ).toBeUndefined();
      expect(await resolveDottedPath(connection, 'lakehouse.sales.nope')).toBeUndefined();
    } finally {
      connection.close();
    }
  });
});
