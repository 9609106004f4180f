/**
 * The ground truth: which jobs (history and advanced) templates, datasets and reflections carry which
 * detector labels, and every change made to the live state with its true effect.
 */
import type { DetectorId } from '../../domain/detector-id.js';
import type { GroundTruth, TruthChange, WorldOptions } from '../world.js';
import type { JobStore } from './job-store.js';
import type { SimTableDef } from './model.js';
import { initialReflectionLabels } from './reflections-seed.js';
import { REFRESH_TEMPLATE } from './refresh-job.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';

/** A table has small files when it holds ≥ 1000 files averaging under 16 MB. */
export const SMALL_FILE_MIN_COUNT = 1000;
export const SMALL_FILE_MAX_AVG_BYTES = 16 * 1024 * 1024;

export function datasetLabels(table: SimTableDef): DetectorId[] {
  const avg = table.layout.totalBytes / Math.max(1, table.layout.fileCount);
  return table.layout.fileCount >= SMALL_FILE_MIN_COUNT && avg < SMALL_FILE_MAX_AVG_BYTES
    ? ['small-files']
    : [];
}

export function buildTruth(options: {
  readonly world: WorldOptions;
  readonly store: JobStore;
  readonly templates: readonly Template[];
  readonly state: WorldState;
  readonly changes: readonly TruthChange[];
}): GroundTruth {
  const { world, store } = options;
  const jobs: { jobId: string; template: string; labels: readonly DetectorId[] }[] = [];
  const idsByTemplate = new Map<string, string[]>();
  for (let i = 0; i < store.count(); i++) {
    const job = store.truthEntry(i);
    if (!job) continue;
    jobs.push(job);
    const ids = idsByTemplate.get(job.template) ?? [];
    ids.push(job.jobId);
    idsByTemplate.set(job.template, ids);
  }
  return {
    seed: world.seed,
    flavor: world.flavor,
    generatedAt: world.endAt.toISOString(),
    connection: {
      userName: world.userName,
      password: world.password,
      token: world.token,
      projectId: world.projectId,
    },
    jobs,
    templates: [
      ...options.templates.map((t) => ({
        template: t.name,
        labels: t.templateLabels,
        jobIds: idsByTemplate.get(t.name) ?? [],
      })),
      { template: REFRESH_TEMPLATE, labels: [], jobIds: idsByTemplate.get(REFRESH_TEMPLATE) ?? [] },
    ],
    datasets: [
      ...[...options.state.tables.values()].map((t) => ({ path: t.path, labels: datasetLabels(t) })),
      ...[...options.state.views.values()].map((v) => ({ path: v.path, labels: v.labels })),
    ],
    reflections: [...options.state.reflections.values()].map((r) => ({
      id: r.id,
      labels: initialReflectionLabels(r.name),
    })),
    changes: options.changes,
  };
}
