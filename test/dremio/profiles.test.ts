import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import type { Flavor } from '../../src/simulator/flavor.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

function jobsWith(sim: RunningSimulator, hasProfile: boolean): string[] {
  const ids: string[] = [];
  for (let index = 0; index < sim.world.jobCount && ids.length < 3; index++) {
    const job = sim.world.job(index);
    if (job.hasProfile === hasProfile) ids.push(job.jobId);
  }
  return ids;
}

const cases: readonly { flavor: Flavor; prefer?: 'zip'; via: 'json' | 'zip' }[] = [
  { flavor: 'software-24.3', via: 'json' },
  { flavor: 'software-25.1', prefer: 'zip', via: 'zip' },
  { flavor: 'cloud', via: 'zip' },
];

for (const c of cases) {
  describe(`profiles on ${c.flavor}${c.prefer ? ' (ZIP preferred)' : ''}`, () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSim({ flavor: c.flavor, jobs: 150, seed: 3 });
    });
    afterAll(() => sim.stop());

    it(`downloads the exact profile via ${c.via}, parsed losslessly`, async () => {
      const client = createDremioClient(optionsFor(sim));
      const [jobId] = jobsWith(sim, true);
      const result = await client.fetchProfile(String(jobId), 0, c.prefer ? { prefer: c.prefer } : {});
      client.close();
      const expectedText = sim.world.profileJson(String(jobId), 0);
      expect(expectedText).toBeDefined();
      expect(result).toMatchObject({
        kind: 'found',
        via: c.via,
        bytes: Buffer.byteLength(String(expectedText)),
      });
      if (result.kind === 'found') expect(result.raw).toEqual(parseLosslessJson(String(expectedText)));
    });

    it('answers not-found, without throwing, for a job without a profile and an unknown job', async () => {
      const client = createDremioClient(optionsFor(sim));
      const without = jobsWith(sim, false)[0] ?? '1f0e0000-0000-0000-0000-00000000dead';
      const results = [
        await client.fetchProfile(without, 0),
        await client.fetchProfile('1f0e0000-0000-0000-0000-000000000bad', 0),
      ];
      client.close();
      for (const result of results) expect(result.kind).toBe('not-found');
    });
  });
}
