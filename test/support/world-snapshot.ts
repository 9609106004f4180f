import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { JobDraft } from '../../src/domain/job.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import type { SqlFacts } from '../../src/domain/sql-facts.js';
import {
  type CatalogEntityBody,
  catalogEntitySchema,
  toCatalogDataset,
} from '../../src/dremio/catalog-entity.js';
import { type JobsListingEntry, parseJobsListingPage } from '../../src/dremio/jobs-listing.js';
import { parseLosslessJson, stringifyLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { createWorld } from '../../src/simulator/create-world.js';
import { FLAVOR_SPECS, FLAVORS, type Flavor, type FlavorSpec } from '../../src/simulator/flavor.js';
import { jobListingItem } from '../../src/simulator/server/jobs-listing-item.js';
import { datasetTypeIn } from '../../src/simulator/server/jobs-listing-routes.js';
import type { GroundTruth, SimWorld } from '../../src/simulator/world.js';
import { datasetFromCatalog, fileStatsFromTableFiles } from '../../src/sources/dataset-rows.js';
import { jobFromHistoryRow } from '../../src/sources/history-row.js';
import { jobFromListingEntry } from '../../src/sources/jobs-listing-entry.js';
import { reflectionFromSysRow, refreshFromMaterializationRow } from '../../src/sources/reflection-rows.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { finishJob } from '../../src/sql/finish-job.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';

export interface WorldSnapshot {
  readonly world: SimWorld;
  readonly truth: GroundTruth;
  readonly snapshot: WorkloadSnapshot;
}

/** Where collection says a pre-24.3 job came from (listing-history-stage.ts). */
const LISTING_SOURCE_REF = '/apiv2/jobs-listing/v1.0';

export const SNAPSHOT_END = new Date('2026-11-01T00:00:00.000Z');

/**
 * Flavors whose history has bytes, CPU and memory (a system table), for detector precision. Before
 * 24.3 (software-24.2) history is only the jobs listing, which has none of them, so detectors that need
 * them cannot be measured there; the snapshot still reads that flavor, as collection does.
 */
export const SNAPSHOT_FLAVORS = FLAVORS.filter((f) => FLAVOR_SPECS[f].historyTable !== 'jobs-listing');

/**
 * A WorkloadSnapshot built in memory from a simulated world, the way collection would see it: the
 * flavor's history (system-table rows, or the jobs listing before 24.3), each job's profile summary,
 * SQL facts, catalog datasets with table_files statistics, and the reflections system tables. For
 * calibrating detectors and recommendations against truth.
 */
export async function buildWorldSnapshot(options: {
  readonly flavor: Flavor;
  readonly seed: number;
  readonly jobs: number;
  readonly days: number;
  /** Dremio's results cache on in the world (off by default, as in the simulator). */
  readonly resultsCache?: boolean;
}): Promise<WorldSnapshot> {
  await initSqlParser();
  const world = createWorld({
    ...options,
    endAt: SNAPSHOT_END,
    userName: 'dremio',
    password: 'dremio123',
    token: 'test-token',
    projectId: 'test-project',
  });
  const spec = FLAVOR_SPECS[options.flavor];
  const jobs = historyJobs(world, spec.historyTable).map((draft) => finishJob(draft, { redactSql: false }));
  const profiles = new Map<string, ProfileSummary>();
  for (const job of jobs) {
    const text = world.jobById(job.jobId)?.hasProfile === true ? world.profileJson(job.jobId, 0) : undefined;
    if (text !== undefined)
      profiles.set(job.jobId, summarizeProfile(parseLosslessJson(text), { attempt: 0 }));
  }
  const factsCache = new Map<string, SqlFacts>();
  const snapshot = buildSnapshot({
    window: {
      from: new Date(SNAPSHOT_END.getTime() - options.days * 86_400_000),
      to: SNAPSHOT_END,
      days: options.days,
    },
    jobs,
    profiles,
    facts: (fp, sql) => {
      if (sql === null) return undefined;
      if (!factsCache.has(fp)) factsCache.set(fp, extractSqlFacts(sql));
      return factsCache.get(fp);
    },
    datasets: worldDatasets(world),
    reflections: worldReflections(world, spec.kind === 'cloud'),
  });
  return { world, truth: world.truth(), snapshot };
}

/**
 * Every job of the world's history as collection maps it: rows of the flavor's history table, or
 * before 24.3 the jobs-listing items, sent over the wire's JSON and read by the client's own parser.
 * Collection fills nothing in from profiles, so neither does this: listing jobs keep bytes, CPU and
 * memory unknown.
 */
function historyJobs(world: SimWorld, historyTable: FlavorSpec['historyTable']): JobDraft[] {
  const mapped =
    historyTable === 'jobs-listing'
      ? listingEntries(world).map((entry) =>
          jobFromListingEntry(entry, { source: 'live', sourceRef: LISTING_SOURCE_REF }),
        )
      : [...world.table(historyTable)!.scan([])].map((row) =>
          jobFromHistoryRow(row as Record<string, unknown>, { source: 'live', sourceRef: historyTable }),
        );
  return mapped.map((result) => {
    if (!result.ok) throw new Error(`${historyTable} job unreadable: ${result.reason}`);
    return result.job;
  });
}

function listingEntries(world: SimWorld): readonly JobsListingEntry[] {
  const datasetType = datasetTypeIn(world);
  const items = Array.from({ length: world.jobCount }, (_, i) => jobListingItem(world.job(i), datasetType));
  return parseJobsListingPage(parseLosslessJson(stringifyLosslessJson({ jobs: items }))).jobs;
}

function worldDatasets(world: SimWorld): ReadonlyMap<string, Dataset> {
  const datasets = new Map<string, Dataset>();
  const visit = (id: string) => {
    const entity = world.catalogById(id);
    if (entity === undefined) return;
    const parsed = catalogEntitySchema.safeParse(entity);
    const dataset = parsed.success ? toCatalogDataset(parsed.data as CatalogEntityBody) : undefined;
    if (dataset !== undefined) {
      const path = dataset.path.join('.');
      const files = world.tableFunction('table_files', path);
      const stats =
        files === undefined
          ? []
          : fileStatsFromTableFiles(files.scan([]) as Iterable<Record<string, unknown>>, SNAPSHOT_END);
      datasets.set(path, datasetFromCatalog(dataset, stats));
    }
    const children = (entity as { children?: { id: string }[] }).children ?? [];
    for (const child of children) visit(child.id);
  };
  for (const root of world.catalogRoots()) visit(root.id);
  return datasets;
}

function worldReflections(world: SimWorld, cloud: boolean) {
  const prefix = cloud ? 'sys.project' : 'sys';
  const refreshes = [...(world.table(`${prefix}.materializations`)?.scan([]) ?? [])].flatMap((row) => {
    const r = refreshFromMaterializationRow(row as Record<string, unknown>);
    return r === undefined ? [] : [r];
  });
  return [...(world.table(`${prefix}.reflections`)?.scan([]) ?? [])].flatMap((row) => {
    const id = (row as { reflection_id?: unknown }).reflection_id;
    const r = reflectionFromSysRow(
      row as Record<string, unknown>,
      refreshes.filter((f) => f.reflectionId === id),
    );
    return r === undefined ? [] : [r];
  });
}
