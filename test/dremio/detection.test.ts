import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import { DremioError } from '../../src/errors.js';
import { FLAVOR_SPECS, FLAVORS } from '../../src/simulator/flavor.js';
import { canonicalPath } from '../../src/sql/table-path.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

for (const flavor of FLAVORS) {
  describe(`against the ${flavor} simulator`, () => {
    const spec = FLAVOR_SPECS[flavor];
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSim({ flavor, jobs: 200, seed: 7 });
    });
    afterAll(() => sim.stop());

    it('detects kind, version, edition and the history source', async () => {
      const client = createDremioClient(optionsFor(sim));
      const deployment = await client.deployment();
      client.close();
      expect(deployment.kind).toBe(spec.kind);
      expect(deployment.enterprise).toBe(spec.enterprise);
      expect(deployment.historyTable).toBe(spec.historyTable);
      expect(deployment.reflectionSource).toBe(spec.enterprise ? 'rest' : 'sys-table');
      if (spec.kind === 'software') expect(deployment.version).toBe(spec.dremioVersion);
      else expect(deployment.projectId).toBe(sim.credentials.projectId);
    });

    it('lists exactly the planted reflections through the edition’s source', async () => {
      const client = createDremioClient(optionsFor(sim));
      const reflections = await client.listReflections();
      client.close();
      const ids = reflections.map((r) => r.id).sort();
      expect(ids).toEqual(sim.truth.reflections.map((r) => r.id).sort());
      expect(reflections.every((r) => r.datasetId !== '' && r.type !== 'UNKNOWN')).toBe(true);
    });

    it('walks the catalog to every planted dataset, with fields', async () => {
      const client = createDremioClient(optionsFor(sim));
      const seen = new Map<string, number>();
      for await (const dataset of client.walkCatalog({ maxConcurrency: 3 })) {
        seen.set(canonicalPath(dataset.path).toLowerCase(), dataset.fields.length);
      }
      client.close();
      for (const dataset of sim.truth.datasets) {
        expect(seen.has(dataset.path.toLowerCase()), dataset.path).toBe(true);
      }
      expect([...seen.values()].some((fieldCount) => fieldCount > 0)).toBe(true);
    });

    if (spec.kind === 'software') {
      it(
        spec.enterprise
          ? 'accepts the PAT as Bearer (Enterprise)'
          : 'rejects a PAT on OSS, naming DREMIO_TOKEN',
        async () => {
          const client = createDremioClient(
            optionsFor(sim, { auth: { kind: 'pat', token: sim.credentials.token } }),
          );
          const outcome = await client.deployment().catch((error: unknown) => error);
          client.close();
          if (spec.enterprise) {
            expect(outcome).toMatchObject({ enterprise: true, version: spec.dremioVersion });
          } else {
            expect(outcome).toBeInstanceOf(DremioError);
            expect((outcome as DremioError).code).toBe('DREMIO_AUTH_FAILED');
            expect((outcome as DremioError).hint).toContain('DREMIO_TOKEN');
          }
        },
      );
    }
  });
}
