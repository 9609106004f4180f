import { afterEach, describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { optionsFor } from '../dremio/sim-client.js';
import { launch } from './support/launch.js';
import { call, login } from './support/sim-client.js';

const running: RunningSimulator[] = [];
async function start(...args: Parameters<typeof launch>): Promise<RunningSimulator> {
  const sim = await launch(...args);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

describe('authentication', () => {
  it('answers /apiv2/login with the full UserLoginSession', async () => {
    const sim = await start({ flavor: 'software-25.1', tokenLifetimeMs: 60_000 });
    const before = Date.now();
    const answer = await call(sim, '/apiv2/login', {
      method: 'POST',
      body: { userName: 'dremio', password: 'dremio123' },
    });
    expect(answer.status).toBe(200);
    const body = answer.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'token',
        'userName',
        'firstName',
        'lastName',
        'expires',
        'email',
        'userId',
        'admin',
        'userCreatedAt',
        'clusterId',
        'clusterCreatedAt',
        'version',
        'permissions',
      ].sort(),
    );
    expect(body.version).toBe('25.1.1-202409260159070462-a4ee8e43');
    expect(body.expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(body.expires).toBeLessThan(before + 70_000);
    expect(body.permissions).toMatchObject({ canDownloadProfiles: true });
  });

  const loginFailures = [
    { name: 'wrong password', body: { userName: 'dremio', password: 'nope' } },
    { name: 'empty user name', body: { userName: '', password: 'dremio123' } },
    { name: 'no body fields', body: {} },
  ] as const;
  for (const { name, body } of loginFailures) {
    it(`rejects a login with ${name} as 401 with errorMessage`, async () => {
      const sim = await start();
      const answer = await call(sim, '/apiv2/login', { method: 'POST', body });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ errorMessage: expect.any(String) });
    });
  }

  it('accepts the session token as _dremio<token>, Bearer <token> and bare', async () => {
    const sim = await start();
    const token = (await login(sim)).slice('_dremio'.length);
    for (const auth of [`_dremio${token}`, `Bearer ${token}`, `bearer ${token}`, token]) {
      expect((await call(sim, '/api/v3/info', { auth })).status, auth).toBe(200);
    }
  });

  const rejected = [
    { name: 'no token', auth: undefined },
    { name: 'a wrong token', auth: '_dremiowrongtoken' },
    { name: 'an empty bearer', auth: 'Bearer ' },
  ] as const;
  for (const { name, auth } of rejected) {
    it(`fidelity-gaps status codes: answers 401 with an empty body, as Dremio's auth filter does, for ${name}`, async () => {
      const sim = await start();
      const answer = await call(sim, '/api/v3/catalog', auth === undefined ? {} : { auth });
      expect(answer.status).toBe(401);
      expect(answer.text).toBe('');
    });
  }

  it('expires session tokens after tokenLifetimeMs, and a new login works', async () => {
    const sim = await start({ tokenLifetimeMs: 150 });
    const auth = await login(sim);
    expect((await call(sim, '/api/v3/catalog', { auth })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const expired = await call(sim, '/api/v3/catalog', { auth });
    expect(expired.status).toBe(401);
    expect(expired.text).toBe('');
    expect((await call(sim, '/api/v3/catalog', { auth: await login(sim) })).status).toBe(200);
  });

  it('logs out with DELETE /apiv2/login and reports session validity with GET', async () => {
    const sim = await start();
    const auth = await login(sim);
    expect((await call(sim, '/apiv2/login', { auth })).json).toBe(true);
    expect((await call(sim, '/apiv2/login', { method: 'DELETE', auth })).status).toBe(200);
    expect((await call(sim, '/api/v3/catalog', { auth })).status).toBe(401);
  });

  const patCases = [
    { flavor: 'software-24.3', status: 401 },
    { flavor: 'software-25.1', status: 200 },
    { flavor: 'software-26', status: 200 },
  ] as const;
  for (const { flavor, status } of patCases) {
    it(`answers a PAT with ${status} on ${flavor}`, async () => {
      const sim = await start({ flavor });
      expect((await call(sim, '/api/v3/catalog', { auth: `Bearer ${sim.credentials.token}` })).status).toBe(
        status,
      );
    });
  }

  it('serves /apiv2/server_status without auth and /api/v3/info only with it', async () => {
    const sim = await start({ flavor: 'software-26' });
    const status = await call(sim, '/apiv2/server_status');
    expect(status.status).toBe(200);
    expect(status.text).toBe('"OK"');
    expect((await call(sim, '/api/v3/info')).status).toBe(401);
    const info = await call(sim, '/api/v3/info', { auth: await login(sim) });
    expect(info.json).toEqual({
      version: '26.0.5-202509091642240013-f5051a07',
      buildTime: '2025-09-09T16:42:24.001Z',
      commit: { hash: 'f5051a07', builder: expect.any(String), time: '2025-09-09T16:42:24.001Z' },
      clusterType: expect.any(String),
    });
  });

  it('fidelity-gaps: /api/v3/info.clusterType is the provisioning type, never the edition, and detection does not read it', async () => {
    for (const flavor of ['software-24.3', 'software-25.1'] as const) {
      const sim = await start({ flavor });
      const info = (await call(sim, '/api/v3/info', { auth: await login(sim) })).json as {
        clusterType: string;
      };
      expect(['YARN', 'KUBERNETES', 'EC2', 'AZURE', 'GCE']).toContain(info.clusterType);
      const client = createDremioClient(optionsFor(sim));
      expect((await client.deployment()).enterprise).toBe(flavor !== 'software-24.3');
      client.close();
    }
  });
});

describe('cloud authentication and project scope', () => {
  it('accepts only the PAT, under /v0/projects/{projectId}', async () => {
    const sim = await start({ flavor: 'cloud' });
    const auth = `Bearer ${sim.credentials.token}`;
    const prefix = `/v0/projects/${sim.credentials.projectId}`;
    expect((await call(sim, `${prefix}/catalog`, { auth })).status).toBe(200);
    expect((await call(sim, `${prefix}/catalog`, { auth: 'Bearer not-the-pat' })).status).toBe(401);
    expect((await call(sim, `${prefix}/catalog`)).status).toBe(401);
  });

  it('answers 404 with a message for an unknown project id', async () => {
    const sim = await start({ flavor: 'cloud' });
    const answer = await call(sim, '/v0/projects/00000000-0000-0000-0000-000000000000/catalog', {
      auth: `Bearer ${sim.credentials.token}`,
    });
    expect(answer.status).toBe(404);
    expect((answer.json as { errorMessage: string }).errorMessage).toContain(
      '00000000-0000-0000-0000-000000000000',
    );
  });

  it('has no Software endpoints: no login, no /api/v3', async () => {
    const sim = await start({ flavor: 'cloud' });
    const auth = `Bearer ${sim.credentials.token}`;
    expect(
      (
        await call(sim, '/apiv2/login', {
          method: 'POST',
          body: { userName: 'dremio', password: 'dremio123' },
        })
      ).status,
    ).toBe(404);
    expect((await call(sim, '/api/v3/catalog', { auth })).status).toBe(404);
  });
});
