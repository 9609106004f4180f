import { describe, expect, it } from 'vitest';
import { SIMULATOR_DEFAULTS } from './server/simulator-options.js';
import { startSimulator } from './start-simulator.js';

describe('startSimulator', () => {
  it('listens on an ephemeral loopback port with the documented defaults', async () => {
    const sim = await startSimulator({ jobs: 50 });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.url).not.toMatch(/:0$/);
      expect(sim.truth.flavor).toBe('software-25.1');
      expect(sim.truth.seed).toBe(1);
      expect(sim.world.options.endAt.toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect(sim.credentials).toEqual({
        userName: 'dremio',
        password: 'dremio123',
        token: SIMULATOR_DEFAULTS.token,
        projectId: SIMULATOR_DEFAULTS.projectId,
      });
      expect(sim.world.jobCount).toBeGreaterThanOrEqual(50);
      expect(await (await fetch(`${sim.url}/apiv2/server_status`)).json()).toBe('OK');
    } finally {
      await sim.stop();
    }
  });

  it('stops listening on stop()', async () => {
    const sim = await startSimulator({ jobs: 10 });
    await sim.stop();
    await expect(fetch(`${sim.url}/apiv2/server_status`)).rejects.toThrow();
  });

  const invalid = [
    { name: 'fault rate above 1', options: { faults: 1.5 }, message: /faults must be between 0 and 1/ },
    { name: 'negative jobs', options: { jobs: -1 }, message: /jobs must be a non-negative number/ },
    { name: 'invalid endAt', options: { endAt: new Date('nope') }, message: /endAt is not a valid date/ },
  ] as const;
  for (const { name, options, message } of invalid) {
    it(`rejects ${name} with a message naming the option`, async () => {
      await expect(startSimulator(options)).rejects.toThrow(message);
    });
  }
});
