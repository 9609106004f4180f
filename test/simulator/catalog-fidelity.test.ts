import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { canonicalPath } from '../../src/sql/table-path.js';
import { optionsFor } from '../dremio/sim-client.js';
import { launch } from './support/launch.js';
import { call, login } from './support/sim-client.js';

let sim: RunningSimulator;
let auth: string;
beforeAll(async () => {
  sim = await launch({ flavor: 'software-25.1', jobs: 100 });
  auth = await login(sim);
});
afterAll(async () => {
  await sim.stop();
});

interface Entity {
  readonly id: string;
  readonly path: string[];
  readonly entityType?: string;
  readonly children?: { id: string; path: string[]; type: string; containerType?: string }[];
  readonly nextPageToken?: string;
}

async function get(path: string): Promise<Entity> {
  const answer = await call(sim, `/api/v3/catalog${path}`, { auth });
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  return answer.json as Entity;
}

const byPath = (parts: readonly string[]) => get(`/by-path/${parts.map(encodeURIComponent).join('/')}`);

describe('fidelity-gaps #10: the catalog as real Dremio serves it', () => {
  it('fidelity-gaps #10: pages a source’s children with maxChildren, pageToken and nextPageToken', async () => {
    const all = await byPath(['lakehouse']);
    expect(all.nextPageToken).toBeUndefined();
    expect(all.children!.length).toBeGreaterThan(2);
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const query = `?maxChildren=2${token === undefined ? '' : `&pageToken=${encodeURIComponent(token)}`}`;
      const page = await get(`/${encodeURIComponent(all.id)}${query}`);
      expect(page.children!.length).toBeLessThanOrEqual(2);
      paged.push(...page.children!.map((c) => c.id));
      token = page.nextPageToken;
    } while (token !== undefined);
    expect(paged).toEqual(all.children!.map((c) => c.id));
  });

  it('fidelity-gaps #10: gives versioned (Nessie) tables JSON ids, which work URL-encoded', async () => {
    const table = await byPath(['lakehouse', 'sales', 'orders']);
    expect(JSON.parse(table.id)).toMatchObject({
      tableKey: ['lakehouse', 'sales', 'orders'],
      versionContext: { type: 'BRANCH', value: 'main' },
    });
    expect((await get(`/${encodeURIComponent(table.id)}`)).path).toEqual(['lakehouse', 'sales', 'orders']);
    expect((await byPath(['analytics'])).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fidelity-gaps #10: has names that need quoting, a home space and unpromoted files', async () => {
    const taxi = await byPath(['Samples', 'samples.dremio.com', 'NYC-taxi-trips']);
    expect(taxi.entityType).toBe('dataset');
    const roots = (await call(sim, '/api/v3/catalog', { auth })).json as { data: Entity[] };
    const home = roots.data.find((r) => (r as { containerType?: string }).containerType === 'HOME');
    expect(home?.path).toEqual([`@${sim.credentials.userName}`]);
    const homeEntity = await get(`/${encodeURIComponent(home!.id)}`);
    expect(homeEntity.entityType).toBe('home');
    const folder = await byPath(['Samples', 'samples.dremio.com']);
    expect(folder.children!.map((c) => c.type)).toEqual(expect.arrayContaining(['DATASET', 'FILE']));
    expect(homeEntity.children!.some((c) => c.type === 'FILE')).toBe(true);
  });

  it('fidelity-gaps #10: the walker pages through every container and keeps dotted names as parts', async () => {
    const client = createDremioClient(optionsFor(sim));
    const seen: string[][] = [];
    for await (const dataset of client.walkCatalog({ maxConcurrency: 2, pageSize: 2 }))
      seen.push([...dataset.path]);
    client.close();
    expect(seen).toContainEqual(['Samples', 'samples.dremio.com', 'NYC-taxi-trips']);
    expect(seen).toContainEqual(['Samples', 'samples.dremio.com', 'zips.json']);
    expect(seen).toContainEqual(['datalake', 'partner feeds', 'acme "gold" orders']);
    // Truth names datasets as SQL does, quoting parts that need it.
    for (const dataset of sim.truth.datasets)
      expect(seen.map(canonicalPath), dataset.path).toContain(dataset.path);
  });
});
