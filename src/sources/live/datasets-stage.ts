import {
  type CatalogEntityBody,
  catalogEntitySchema,
  toCatalogDataset,
} from '../../dremio/catalog-entity.js';
import { splitDottedPath } from '../../sql/table-path.js';
import { listTouchedDatasets, upsertDataset } from '../../store/index.js';
import { datasetFromCatalog, fileStatsFromTableFiles } from '../dataset-rows.js';
import type { Fields } from '../field-values.js';
import { type LiveContext, messageOf } from './live-context.js';
import { workloadWindowStart } from './workload-window.js';

const WINDOW_DAYS = 30;

/**
 * For the datasets the workload of the last 30 days of history touches most: the catalog entry (columns, format, view SQL) and, for
 * Iceberg tables, file and partition statistics from `table_files`, observed at the run's start.
 */
export async function collectDatasets(
  ctx: LiveContext,
): Promise<{ readonly datasets: number; readonly withFileStats: number }> {
  const since = await workloadWindowStart(ctx, WINDOW_DAYS);
  if (since === undefined) return { datasets: 0, withFileStats: 0 };
  const paths = await listTouchedDatasets(ctx.store.db, {
    clusterId: ctx.clusterId,
    since,
    limit: ctx.settings.maxDatasets,
  });
  let datasets = 0;
  let withFileStats = 0;
  // A function, not a value: the signal can fire while a request is out.
  const stopped = () => ctx.signal?.aborted === true;
  for (const path of paths) {
    if (stopped()) break;
    try {
      const parts = splitDottedPath(path).filter((p) => p !== '');
      const body = await ctx.client.connection.getJson(
        ctx.client.connection.restPath(`/catalog/by-path/${parts.map(encodeURIComponent).join('/')}`),
        ctx.signal === undefined ? {} : { signal: ctx.signal },
      );
      const parsed = catalogEntitySchema.safeParse(body);
      const entity = parsed.success ? toCatalogDataset(parsed.data as CatalogEntityBody) : undefined;
      if (entity === undefined) continue;
      const files =
        entity.type === 'table' && /iceberg/i.test(entity.format ?? '') ? await fileStats(ctx, parts) : [];
      await upsertDataset(ctx.store.db, ctx.clusterId, datasetFromCatalog(entity, files));
      datasets++;
      if (files.length > 0) withFileStats++;
    } catch (error) {
      if (stopped()) break;
      await ctx.recordError({ stage: 'datasets', item: path, message: messageOf(error) });
    }
    ctx.progress('datasets', `${datasets}/${paths.length} datasets`, { datasets, withFileStats });
  }
  return { datasets, withFileStats };
}

async function fileStats(ctx: LiveContext, parts: readonly string[]) {
  const quoted = parts.map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
  const rows: Fields[] = [];
  const sqlText = `SELECT "partition", file_size_in_bytes, record_count FROM TABLE(table_files('${quoted.replaceAll("'", "''")}'))`;
  for await (const row of ctx.client.runSql(sqlText, ctx.signal === undefined ? {} : { signal: ctx.signal }))
    rows.push(row);
  return fileStatsFromTableFiles(rows, ctx.runStartedAt);
}
