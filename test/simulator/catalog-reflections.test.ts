import { afterEach, describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/simulator/flavor.js';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login } from './support/sim-client.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function connect(flavor: Flavor): Promise<{ sim: RunningSimulator; auth: string; prefix: string }> {
  const sim = await launch({ flavor });
  running.push(sim);
  if (flavor === 'cloud') {
    return {
      sim,
      auth: `Bearer ${sim.credentials.token}`,
      prefix: `/v0/projects/${sim.credentials.projectId}`,
    };
  }
  return { sim, auth: await login(sim), prefix: '/api/v3' };
}

const FLAVORS_UNDER_TEST = ['software-24.3', 'software-25.1', 'software-26', 'cloud'] as const;

describe('catalog', () => {
  for (const flavor of FLAVORS_UNDER_TEST) {
    it(`lists roots and finds entities by id and by path on ${flavor}`, async () => {
      const { sim, auth, prefix } = await connect(flavor);
      const roots = (await call(sim, `${prefix}/catalog`, { auth })).json as {
        data: { id: string; path: string[] }[];
      };
      expect(roots.data).toEqual(sim.world.catalogRoots());
      const root = roots.data[0]!;
      const byId = await call(sim, `${prefix}/catalog/${encodeURIComponent(root.id)}`, { auth });
      expect(byId.json).toEqual(sim.world.catalogById(root.id));
      expect(byId.json).toMatchObject({ id: root.id, path: root.path });
      const byPath = `${prefix}/catalog/by-path/${root.path.map(encodeURIComponent).join('/')}`;
      expect((await call(sim, byPath, { auth })).json).toEqual(sim.world.catalogByPath(root.path));
      expect((await call(sim, `${prefix}/catalog/not-an-id`, { auth })).status).toBe(404);
      expect((await call(sim, `${prefix}/catalog/by-path/no/such/thing`, { auth })).status).toBe(404);
    });
  }
});

describe('reflections', () => {
  for (const flavor of FLAVORS_UNDER_TEST) {
    it(`reads, creates, updates and deletes reflections on ${flavor}`, async () => {
      const { sim, auth, prefix } = await connect(flavor);
      const existing = sim.world.reflections()[0]!;
      expect((await call(sim, `${prefix}/reflection/${existing.id}`, { auth })).json).toEqual(existing);
      const perDataset = (await call(sim, `${prefix}/dataset/${existing.datasetId}/reflection`, { auth }))
        .json as { data: { id: string }[] };
      expect(perDataset.data.map((r) => r.id)).toContain(existing.id);

      const body = {
        type: 'RAW',
        name: 'sim-test',
        datasetId: existing.datasetId,
        enabled: true,
        displayFields: [],
      };
      const created = await call(sim, `${prefix}/reflection`, { method: 'POST', auth, body });
      expect(created.status).toBe(200);
      const id = (created.json as { id: string; tag: string }).id;
      const tag = (created.json as { tag: string }).tag;
      const stale = await call(sim, `${prefix}/reflection/${id}`, {
        method: 'PUT',
        auth,
        body: { ...body, tag: 'stale' },
      });
      expect(stale.status).toBe(409);
      const updated = await call(sim, `${prefix}/reflection/${id}`, {
        method: 'PUT',
        auth,
        body: { ...body, tag, enabled: false },
      });
      expect(updated.status).toBe(200);
      expect((await call(sim, `${prefix}/reflection/${id}`, { method: 'DELETE', auth })).status).toBe(200);
      expect((await call(sim, `${prefix}/reflection/${id}`, { auth })).status).toBe(404);
      const bad = await call(sim, `${prefix}/reflection`, { method: 'POST', auth, body: { name: 'x' } });
      expect(bad.status).toBe(400);
    });
  }

  const listing = [
    { flavor: 'software-24.3', listStatus: 405 },
    { flavor: 'software-25.1', listStatus: 200 },
    { flavor: 'software-26', listStatus: 200 },
    { flavor: 'cloud', listStatus: 200 },
  ] as const;
  for (const { flavor, listStatus } of listing) {
    it(`fidelity-gaps status codes: answers GET /reflection with ${listStatus} on ${flavor}`, async () => {
      const { sim, auth, prefix } = await connect(flavor);
      const all = await call(sim, `${prefix}/reflection`, { auth });
      expect(all.status).toBe(listStatus);
      const summary = await call(sim, `${prefix}/reflection-summary`, { auth });
      expect(summary.status).toBe(listStatus === 405 ? 404 : listStatus);
      if (listStatus !== 200) return;
      expect((all.json as { data: unknown[] }).data).toEqual(sim.world.reflections());
      const first = (summary.json as { data: Record<string, unknown>[] }).data[0]!;
      expect(first).toMatchObject({
        id: expect.any(String),
        datasetId: expect.any(String),
        status: expect.any(Object),
      });
      expect((await call(sim, `${prefix}/reflection-summary?maxResults=101`, { auth })).status).toBe(400);
    });
  }

  it('pages /reflection-summary with nextPageToken', async () => {
    const { sim, auth, prefix } = await connect('software-26');
    const total = sim.world.reflections().length;
    const ids: string[] = [];
    let token = '';
    for (let page = 0; page < 200; page++) {
      const answer = await call(
        sim,
        `${prefix}/reflection-summary?maxResults=1${token ? `&pageToken=${token}` : ''}`,
        { auth },
      );
      const body = answer.json as { data: { id: string }[]; nextPageToken?: string };
      ids.push(...body.data.map((s) => s.id));
      if (body.nextPageToken === undefined) break;
      token = body.nextPageToken;
    }
    expect(ids).toEqual(sim.world.reflections().map((r) => r.id));
    expect(ids).toHaveLength(total);
  });
});

describe('jobs-listing (pre-24.3 fallback)', () => {
  it('pages history newest first with a start-time filter and a next link', async () => {
    const { sim, auth } = await connect('software-24.3');
    const cut = sim.world.job(Math.floor(sim.world.jobCount / 2)).submittedEpochMs;
    const expected: string[] = [];
    for (let i = sim.world.jobCount - 1; i >= 0 && sim.world.job(i).submittedEpochMs > cut; i--)
      expected.push(sim.world.job(i).jobId);
    const seen: string[] = [];
    let path: string | undefined =
      `/apiv2/jobs-listing/v1.0?filter=${encodeURIComponent(`st=gt=${cut}`)}&limit=40`;
    while (path !== undefined) {
      const body = (await call(sim, path, { auth })).json as {
        jobs: { id: string; startTime: number }[];
        next?: string;
      };
      seen.push(...body.jobs.map((j) => j.id));
      path = body.next;
    }
    expect(seen).toEqual(expected);
  });

  it('rejects filters it does not support with 400 and a message', async () => {
    const { sim, auth } = await connect('software-24.3');
    const answer = await call(sim, `/apiv2/jobs-listing/v1.0?filter=${encodeURIComponent('dur=gt=5')}`, {
      auth,
    });
    expect(answer.status).toBe(400);
    expect((answer.json as { errorMessage: string }).errorMessage).toContain('dur');
  });
});
