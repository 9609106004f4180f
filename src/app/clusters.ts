import { z } from 'zod';
import { CLUSTER_KINDS } from '../domain/cluster.js';
import { latestCollections } from '../store/collection-health-queries.js';
import { listClusters as listStoredClusters } from '../store/index.js';
import { clusterJobStats } from '../store/read-queries.js';
import { RUN_STATUSES } from './collection-runs.js';
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
  lastCollection: z
    .object({
      id: z.number().int().describe('Collection run id (collection-runs.get)'),
      status: z.enum(RUN_STATUSES),
      startedAt: z.string(),
      finishedAt: z.string().nullable().describe('Null while it runs (or when it was killed)'),
      jobsCollected: z
        .number()
        .int()
        .nullable()
        .describe('Jobs it stored, new or changed; null when its counts do not say'),
      errors: z.number().int().describe('Items it could not collect'),
    })
    .nullable()
    .describe('The newest collection or import run; null when none was recorded'),
});

export const listClusters = defineService({
  name: 'clusters.list',
  summary: 'Clusters in the store: how many jobs each holds, the time they span and its newest collection',
  input: z.object({ ...pageInput }),
  output: pageOf(clusterOutput),
  async run(deps, options) {
    const clusters = await listStoredClusters(deps.store.db);
    const stats = await clusterJobStats(deps.store.db);
    const runs = await latestCollections(deps.store.db);
    const items = clusters.map((c) => {
      const s = stats.get(c.id);
      const run = runs.get(c.id);
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
        lastCollection:
          run === undefined
            ? null
            : {
                id: Number(run.id),
                status: run.status,
                startedAt: iso(run.startedAt)!,
                finishedAt: iso(run.endedAt),
                jobsCollected: run.jobsStored,
                errors: run.errors,
              },
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
