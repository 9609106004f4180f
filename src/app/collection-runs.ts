import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { listClusters } from '../store/index.js';
import {
  type CollectionRunRow,
  collectionRunErrors,
  getCollectionRunRow,
  pageCollectionRuns,
} from '../store/read-queries.js';
import { decodeCursor, encodeCursor, pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, iso, wire } from './read-scope.js';
import { defineService } from './service.js';

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;

export const collectionRunOutput = z.object({
  id: z.number().int(),
  cluster: z.string(),
  kind: z.string().describe('collect, import, …'),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  options: z.unknown().describe('The options the run was started with'),
  counts: z.unknown().describe('What it stored, per stage'),
  error: z.string().nullable(),
  errorCount: z.number().int().describe('Items it could not collect'),
});

export const collectionErrorOutput = z.object({
  stage: z.string(),
  item: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
  at: z.string(),
});

export const collectionRunDetailOutput = collectionRunOutput.extend({
  watermark: z.unknown().nullable(),
  errors: z.array(collectionErrorOutput),
});

function runItem(r: Omit<CollectionRunRow, 'error_count'>, cluster: string, errorCount: number) {
  return {
    id: Number(r.id),
    cluster,
    kind: r.kind,
    status: r.status,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
    options: wire<unknown>(r.options),
    counts: wire<unknown>(r.counts),
    error: r.error,
    errorCount,
  };
}

export const listCollectionRuns = defineService({
  name: 'collection-runs.list',
  summary: 'Collection and import runs, newest first, with how many items each could not collect',
  input: z.object({ cluster: clusterField, ...pageInput }),
  output: pageOf(collectionRunOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const names = new Map(clusters.map((c) => [c.id, c.name]));
    let afterId: bigint | undefined;
    if (options.cursor !== undefined) {
      const [id] = decodeCursor(options.cursor, 1);
      if (typeof id !== 'number' || !Number.isSafeInteger(id))
        throw new InvalidInputError('cursor is not one this service returned', {
          problems: [
            { field: 'cursor', value: options.cursor, expected: 'the nextCursor of a previous page' },
          ],
        });
      afterId = BigInt(id);
    }
    const rows = await pageCollectionRuns(deps.store.db, {
      clusterIds: [...names.keys()],
      ...(afterId === undefined ? {} : { afterId }),
      limit: options.limit + 1,
    });
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => runItem(r, names.get(r.cluster_id) ?? '', Number(r.error_count))),
      nextCursor: rows.length > options.limit && last !== undefined ? encodeCursor([Number(last.id)]) : null,
    };
  },
});

export const getCollectionRun = defineService({
  name: 'collection-runs.get',
  summary: 'One collection or import run with the items it could not collect',
  input: z.object({
    id: z.coerce.number().int().positive().describe('Run id, as listed'),
    cluster: clusterField,
  }),
  output: collectionRunDetailOutput,
  async run(deps, options) {
    const scope = await clustersInScope(deps, options.cluster);
    const row = await getCollectionRunRow(deps.store.db, BigInt(options.id));
    const cluster =
      row === undefined
        ? undefined
        : (options.cluster === undefined ? await listClusters(deps.store.db) : scope).find(
            (c) => c.id === row.cluster_id,
          );
    if (row === undefined || cluster === undefined)
      throw new NotFoundError(`no collection run ${options.id}`, {
        entity: 'collection-run',
        id: String(options.id),
        field: 'id',
      });
    const errors = await collectionRunErrors(deps.store.db, row.id);
    return {
      ...runItem(row, cluster.name, errors.length),
      watermark: wire<unknown>(row.watermark ?? null),
      errors: errors.map((e) => ({
        stage: e.stage,
        item: e.item,
        message: e.message,
        hint: e.hint,
        at: iso(e.at)!,
      })),
    };
  },
});
