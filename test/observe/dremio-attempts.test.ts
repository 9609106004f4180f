import { describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import { optionsFor, startSim } from '../dremio/sim-client.js';

/** What the Dremio client tells `dremio_api_requests_total` of each attempt, on the simulator over HTTP. */
describe('onAttempt of the Dremio client', () => {
  it('reports every attempt with the endpoint template and its status, retries included', async () => {
    const sim = await startSim({ flavor: 'cloud', jobs: 50, faults: 1, faultKinds: ['server-error'] });
    try {
      const attempts: [string, string][] = [];
      const client = createDremioClient(
        optionsFor(sim, {
          retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
          onAttempt: (endpoint, status) => attempts.push([endpoint, status]),
        }),
      );
      await expect(client.getJob(sim.world.job(0).jobId)).rejects.toThrow(/failed after 3 attempts/);
      client.close();
      expect(attempts).toHaveLength(3);
      for (const [endpoint, status] of attempts) {
        expect(endpoint).toBe('GET /v0/projects/:id/job/:id');
        expect(status).toMatch(/^5\d\d$/);
      }
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('reports answered requests with their status, the login included', async () => {
    const sim = await startSim({ flavor: 'software-25.1', jobs: 50 });
    try {
      const attempts: [string, string][] = [];
      const client = createDremioClient(
        optionsFor(sim, { onAttempt: (endpoint, status) => attempts.push([endpoint, status]) }),
      );
      const jobId = sim.world.job(0).jobId;
      await client.getJob(jobId);
      client.close();
      expect(attempts).toContainEqual(['GET /api/v3/job/:id', '200']);
      expect(attempts.some(([endpoint]) => endpoint.startsWith('POST /apiv2/login'))).toBe(true);
      expect(JSON.stringify(attempts)).not.toContain(jobId);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
