import { z } from 'zod';
import { CLUSTER_KINDS } from '../domain/cluster.js';
import { listClusters as listStoredClusters } from '../store/index.js';
import { clusterJobStats } from '../store/read-queries.js';
import { pageInput, pageOf } from './page.js';
import { iso, pageInMemory } from './read-scope.js';
import { defineService } from './service.js';

export const clusterOutput = z.object({
  name: z.string(),
  kind: z.enum(CLUSTER_KINDS),
  url: z.string().nullable(),
  projectId: z.string().nullable(),
  version: z.string().nullable(),
  edition: z.string().nullable(),
  jobs: z.number().int().describe('Stored jobs'),
  oldestJobAt: z.string().nullable().describe('Submit time of the oldest stored job'),
  newestJobAt: z.string().nullable().describe('Submit time of the newest stored job'),
});

export const listClusters = defineService({
  name: 'clusters.list',
  summary: 'Clusters in the store, with how many jobs each holds and the time they span',
  input: z.object({ ...pageInput }),
  output: pageOf(clusterOutput),
  async run(deps, options) {
    const clusters = await listStoredClusters(deps.store.db);
    const stats = await clusterJobStats(deps.store.db);
    const items = clusters.map((c) => {
      const s = stats.get(c.id);
      return {
        name: c.name,
        kind: c.kind,
        url: c.url,
        projectId: c.projectId,
        version: c.version,
        edition: c.edition,
        jobs: s?.jobs ?? 0,
        oldestJobAt: iso(s?.oldest),
        newestJobAt: iso(s?.newest),
      };
    });
    return pageInMemory(items, {
      keyOf: (c) => [c.name],
      order: ['asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});
