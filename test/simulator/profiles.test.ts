import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login } from './support/sim-client.js';

const FIXTURE_ZIP = new URL('../../test/fixtures/real/dqd/testprofile.zip', import.meta.url);

function headerKeysOf(zip: Uint8Array): string[] {
  const entries = unzipSync(zip);
  return Object.keys(JSON.parse(strFromU8(entries['header.json']!)) as object);
}

async function download(
  sim: RunningSimulator,
  path: string,
  auth: string,
): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { authorization: auth, accept: 'application/octet-stream' },
  });
  return {
    status: response.status,
    bytes: new Uint8Array(await response.arrayBuffer()),
    headers: response.headers,
  };
}

describe('profiles on Software', () => {
  let sim: RunningSimulator;
  let auth: string;
  let jobId: string;
  beforeAll(async () => {
    sim = await launch({ flavor: 'software-25.1' });
    auth = await login(sim);
    for (let i = 0; i < sim.world.jobCount; i++) {
      const job = sim.world.job(i);
      if (job.hasProfile) {
        jobId = job.jobId;
        break;
      }
    }
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('serves the raw profile JSON text byte for byte', async () => {
    const answer = await call(sim, `/apiv2/profiles/${jobId}.json?attempt=0`, { auth });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.text).toBe(sim.world.profileJson(jobId, 0));
  });

  const missing = [
    { name: 'unknown job', path: () => '/apiv2/profiles/no-such-job.json?attempt=0', status: 404 },
    { name: 'missing attempt', path: (id: string) => `/apiv2/profiles/${id}.json?attempt=99`, status: 404 },
    { name: 'bad attempt', path: (id: string) => `/apiv2/profiles/${id}.json?attempt=x`, status: 400 },
  ] as const;
  for (const { name, path, status } of missing) {
    it(`answers ${status} for ${name}`, async () => {
      const answer = await call(sim, path(jobId), { auth });
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ errorMessage: expect.any(String) });
    });
  }

  it('builds the support ZIP with the entries and header keys of the real testprofile.zip', async () => {
    const fixture = new Uint8Array(readFileSync(FIXTURE_ZIP));
    const { status, bytes, headers } = await download(sim, `/apiv2/support/${jobId}/download`, auth);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/octet-stream');
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="[0-9a-f-]{36}\.zip"$/);
    const job = sim.world.jobById(jobId)!;
    const expectedNames = [
      'header.json',
      ...Array.from({ length: job.attemptCount }, (_, n) => `profile_attempt_${n}.json`),
    ];
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(expectedNames.sort());
    expect(Object.keys(unzipSync(fixture)).sort()).toEqual(['header.json', 'profile_attempt_0.json']);
    expect(headerKeysOf(bytes)).toEqual(headerKeysOf(fixture));
    expect(strFromU8(unzipSync(bytes)['profile_attempt_0.json']!)).toBe(sim.world.profileJson(jobId, 0));
  });

  it('answers the support download for an unknown job with 404', async () => {
    expect((await download(sim, '/apiv2/support/nope/download', auth)).status).toBe(404);
  });

  it('produces byte-identical ZIPs for the same job', async () => {
    const a = await download(sim, `/apiv2/support/${jobId}/download`, auth);
    const b = await download(sim, `/apiv2/support/${jobId}/download`, auth);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});

describe('profiles on Cloud', () => {
  it('serves the support ZIP at /ui/projects/{pid}/support/{jobId}/download and no /apiv2 profiles', async () => {
    const sim = await launch({ flavor: 'cloud' });
    try {
      const auth = `Bearer ${sim.credentials.token}`;
      const job = sim.world.job(0);
      const zip = await download(
        sim,
        `/ui/projects/${sim.credentials.projectId}/support/${job.jobId}/download`,
        auth,
      );
      expect(zip.status).toBe(200);
      expect(Object.keys(unzipSync(zip.bytes))).toContain('header.json');
      expect((await download(sim, `/ui/projects/wrong/support/${job.jobId}/download`, auth)).status).toBe(
        404,
      );
      expect((await call(sim, `/apiv2/profiles/${job.jobId}.json`, { auth })).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });
});
