import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { JobRecord } from '../../src/domain/job.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import type { SqlFacts } from '../../src/domain/sql-facts.js';
import {
  type CatalogEntityBody,
  catalogEntitySchema,
  toCatalogDataset,
} from '../../src/dremio/catalog-entity.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { createWorld } from '../../src/simulator/create-world.js';
import { FLAVOR_SPECS, FLAVORS, type Flavor } from '../../src/simulator/flavor.js';
import type { GroundTruth, SimWorld } from '../../src/simulator/world.js';
import { datasetFromCatalog, fileStatsFromTableFiles } from '../../src/sources/dataset-rows.js';
import { jobFromHistoryRow } from '../../src/sources/history-row.js';
import { reflectionFromSysRow, refreshFromMaterializationRow } from '../../src/sources/reflection-rows.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { finishJob } from '../../src/sql/finish-job.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';

export interface WorldSnapshot {
  readonly world: SimWorld;
  readonly truth: GroundTruth;
  readonly snapshot: WorkloadSnapshot;
}

export const SNAPSHOT_END = new Date('2026-11-01T00:00:00.000Z');

/**
 * Flavors whose history is a system table the snapshot reads. Before 24.3 (software-24.2) history is
 * only the jobs listing, which has no bytes, CPU or memory, so detector precision is not measured
 * there; the collect tests cover that flavor's history.
 */
export const SNAPSHOT_FLAVORS = FLAVORS.filter((f) => FLAVOR_SPECS[f].historyTable !== 'jobs-listing');

/**
 * A WorkloadSnapshot built in memory from a simulated world, the way collection would see it: history
 * rows of the flavor's history table, each job's profile summary, SQL facts, catalog datasets with
 * table_files statistics, and the reflections system tables. For calibrating detectors against truth.
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
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  for (const row of world.table(spec.historyTable)!.scan([])) {
    const result = jobFromHistoryRow(row as Record<string, unknown>, {
      source: 'live',
      sourceRef: spec.historyTable,
    });
    if (!result.ok) throw new Error(`history row unreadable: ${result.reason}`);
    const job = finishJob(result.job, { redactSql: false });
    jobs.push(job);
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
