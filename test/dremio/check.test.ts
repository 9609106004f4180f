import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckReport, checkConnection } from '../../src/dremio/index.js';
import { FLAVORS } from '../../src/simulator/flavor.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

function line(report: CheckReport, item: string) {
  const found = report.lines.find((l) => l.item === item);
  if (!found) throw new Error(`no ${item} line`);
  return found;
}

const fast = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } };

for (const flavor of FLAVORS) {
  describe(`check against the ${flavor} simulator`, () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSim({ flavor, jobs: 200, seed: 9 });
    });
    afterAll(() => sim.stop());

    it('passes every source the product needs', async () => {
      const report = await checkConnection(optionsFor(sim));
      const failures = report.lines.filter((l) => !l.ok && !l.skipped);
      expect(failures).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.deployment?.kind).toBe(flavor === 'cloud' ? 'cloud' : 'software');
      // The simulator has every source, Iceberg tables included, so nothing may be skipped either.
      expect(report.lines.filter((l) => !l.ok).map((l) => l.item)).toEqual([]);
    });

    if (flavor === 'cloud') {
      it('names DREMIO_PROJECT_ID for an unknown project', async () => {
        const report = await checkConnection(optionsFor(sim, { ...fast, projectId: 'no-such-project' }));
        expect(report.ok).toBe(false);
        expect(line(report, 'connection').fix).toContain('DREMIO_PROJECT_ID');
        expect(line(report, 'job-history').skipped).toBe(true);
      });

      it('names DREMIO_TOKEN for a wrong token', async () => {
        const report = await checkConnection(
          optionsFor(sim, { ...fast, auth: { kind: 'pat', token: 'wrong' } }),
        );
        expect(line(report, 'authentication').fix).toContain('DREMIO_TOKEN');
      });
    } else {
      it('names DREMIO_USERNAME and DREMIO_PASSWORD for a wrong password', async () => {
        const auth = { kind: 'password', userName: sim.credentials.userName, password: 'wrong' } as const;
        const report = await checkConnection(optionsFor(sim, { ...fast, auth }));
        expect(report.ok).toBe(false);
        expect(line(report, 'connection').ok).toBe(true);
        expect(line(report, 'authentication').fix).toMatch(/DREMIO_USERNAME.*DREMIO_PASSWORD/);
        expect(line(report, 'profiles').skipped).toBe(true);
      });
    }
  });
}

describe('check before any Dremio answers', () => {
  it('names DREMIO_URL when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const sim = {
      url: `http://127.0.0.1:${port}`,
      truth: { flavor: 'software-25.1' },
      credentials: { userName: 'u', password: 'p' },
    };
    const report = await checkConnection(optionsFor(sim as RunningSimulator, fast));
    expect(report.ok).toBe(false);
    expect(line(report, 'connection').fix).toContain('DREMIO_URL');
    expect(report.lines.filter((l) => l.item !== 'connection').every((l) => l.skipped)).toBe(true);
  });

  it('names the TLS variables when https meets a plain-HTTP server', async () => {
    const sim = await startSim({ flavor: 'software-25.1', jobs: 10 });
    try {
      const report = await checkConnection(
        optionsFor(sim, { ...fast, url: sim.url.replace('http:', 'https:') }),
      );
      expect(line(report, 'connection').fix).toMatch(/DREMIO_TLS_CA_FILE|http:\/\//);
    } finally {
      await sim.stop();
    }
  });
});
