import type { Change } from '../../domain/change.js';
import {
  type CatalogEntityBody,
  catalogEntitySchema,
  toCatalogDataset,
} from '../../dremio/catalog-entity.js';
import { resolveDottedPath } from '../../dremio/catalog-path.js';
import { DremioError } from '../../errors.js';
import { canonicalPath, splitDottedPath } from '../../sql/table-path.js';
import {
  earliestJobAt,
  listTouchedDatasets,
  loadDatasetObservations,
  upsertDataset,
} from '../../store/index.js';
import { datasetFromCatalog, fileStatsFromTableFiles } from '../dataset-rows.js';
import type { Fields } from '../field-values.js';
import {
  type IcebergSnapshot,
  partitionSpecChange,
  snapshotFromRow,
  tableRewrites,
} from '../iceberg-changes.js';
import { type LiveContext, messageOf } from './live-context.js';
import { workloadWindowStart } from './workload-window.js';

const WINDOW_DAYS = 30;

/**
 * For the datasets the workload of the last 30 days of history touches most: the catalog entry
 * (columns, format, view SQL) and, for Iceberg tables, file and partition statistics from
 * `table_files`, observed at the run's start. Their snapshots (`table_snapshot`) show rewrites
 * committed during observed history, and a partition spec unlike the stored one a change since the
 * previous observation: both are added to `found`.
 */
export async function collectDatasets(
  ctx: LiveContext,
  found: Change[] = [],
): Promise<{ readonly datasets: number; readonly withFileStats: number }> {
  const since = await workloadWindowStart(ctx, WINDOW_DAYS);
  if (since === undefined) return { datasets: 0, withFileStats: 0 };
  const paths = await listTouchedDatasets(ctx.store.db, {
    clusterId: ctx.clusterId,
    since,
    limit: ctx.settings.maxDatasets,
  });
  const previous = await loadDatasetObservations(ctx.store.db, ctx.clusterId);
  const historyStart = await earliestJobAt(ctx.store.db, ctx.clusterId);
  let datasets = 0;
  let withFileStats = 0;
  let done = 0;
  ctx.progress('datasets', `0/${paths.length} datasets`, {
    datasets,
    withFileStats,
    done,
    total: paths.length,
  });
  // A function, not a value: the signal can fire while a request is out.
  const stopped = () => ctx.signal?.aborted === true;
  for (const path of paths) {
    if (stopped()) break;
    try {
      const { parts, body } = await catalogEntry(ctx, path);
      const parsed = catalogEntitySchema.safeParse(body);
      const entity = parsed.success ? toCatalogDataset(parsed.data as CatalogEntityBody) : undefined;
      if (entity === undefined) continue;
      const iceberg = entity.type === 'table' && /iceberg/i.test(entity.format ?? '');
      const files = iceberg ? await fileStats(ctx, parts) : [];
      const dataset = datasetFromCatalog(entity, files);
      const datasetPath = canonicalPath(parts);
      if (iceberg) {
        const snapshots = await tableSnapshots(ctx, parts, path);
        found.push(...tableRewrites({ datasetPath, snapshots, historyStart }));
      }
      const known = previous.get(dataset.path);
      const respecified = partitionSpecChange({
        datasetPath,
        before: known?.partitionFields,
        after: dataset.partitionFields,
        previousObservation: known?.observedAt,
        observedAt: ctx.runStartedAt,
      });
      if (respecified !== undefined) found.push(respecified);
      await upsertDataset(ctx.store.db, ctx.clusterId, dataset, { observedAt: ctx.runStartedAt });
      datasets++;
      if (files.length > 0) withFileStats++;
    } catch (error) {
      if (stopped()) break;
      await ctx.recordError({ stage: 'datasets', item: path, message: messageOf(error) });
    }
    done++;
    ctx.progress('datasets', `${datasets}/${paths.length} datasets`, {
      datasets,
      withFileStats,
      done,
      total: paths.length,
    });
  }
  return { datasets, withFileStats };
}

function byPath(ctx: LiveContext, parts: readonly string[]): Promise<unknown> {
  return ctx.client.connection.getJson(
    ctx.client.connection.restPath(`/catalog/by-path/${parts.map(encodeURIComponent).join('/')}`),
    ctx.signal === undefined ? {} : { signal: ctx.signal },
  );
}

/**
 * The catalog entry of a path as history names it. Cloud quotes parts (`"a"."b.c"`), Software joins
 * them with dots unquoted (fidelity-gaps #10), and an unquoted name may itself hold a double quote
 * (`acme "gold" orders`), so when the quote-aware split is not found, the parts are looked up level
 * by level in the catalog, matching the text literally.
 */
async function catalogEntry(
  ctx: LiveContext,
  path: string,
): Promise<{ parts: readonly string[]; body: unknown }> {
  const parts = splitDottedPath(path).filter((p) => p !== '');
  try {
    return { parts, body: await byPath(ctx, parts) };
  } catch (error) {
    if (!(error instanceof DremioError && error.status === 404)) throw error;
    const resolved = await resolveDottedPath(
      ctx.client.connection,
      path,
      ctx.signal === undefined ? {} : { signal: ctx.signal },
    );
    if (resolved === undefined) throw error;
    return { parts: resolved, body: await byPath(ctx, resolved) };
  }
}

/** The path as the string argument of a table function: parts double-quoted, the whole single-quoted. */
function sqlPathLiteral(parts: readonly string[]): string {
  const quoted = parts.map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
  return `'${quoted.replaceAll("'", "''")}'`;
}

/**
 * The table's snapshots; a failure is recorded for this table and its other metadata is still stored
 * (the snapshots only date changes).
 */
async function tableSnapshots(
  ctx: LiveContext,
  parts: readonly string[],
  path: string,
): Promise<IcebergSnapshot[]> {
  const sqlText = `SELECT committed_at, snapshot_id, parent_id, operation, summary FROM TABLE(table_snapshot(${sqlPathLiteral(parts)}))`;
  const snapshots: IcebergSnapshot[] = [];
  try {
    for await (const row of ctx.client.runSql(
      sqlText,
      ctx.signal === undefined ? {} : { signal: ctx.signal },
    )) {
      const snapshot = snapshotFromRow(row);
      if (snapshot !== undefined) snapshots.push(snapshot);
    }
  } catch (error) {
    if (ctx.signal?.aborted === true) throw error;
    await ctx.recordError({ stage: 'datasets', item: `${path} snapshots`, message: messageOf(error) });
    return [];
  }
  return snapshots;
}

async function fileStats(ctx: LiveContext, parts: readonly string[]) {
  const rows: Fields[] = [];
  const sqlText = `SELECT "partition", file_size_in_bytes, record_count FROM TABLE(table_files(${sqlPathLiteral(parts)}))`;
  for await (const row of ctx.client.runSql(sqlText, ctx.signal === undefined ? {} : { signal: ctx.signal }))
    rows.push(row);
  return fileStatsFromTableFiles(rows, ctx.runStartedAt);
}
