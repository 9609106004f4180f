import { z } from 'zod';
import { loadSnapshot } from '../analysis/analysis-service.js';
import { reflectionSubject } from '../domain/change.js';
import type { Cluster } from '../domain/cluster.js';
import type { Reflection } from '../domain/reflection.js';
import {
  LEDGER_VERDICTS,
  reflectionLedger as ledgerOf,
  type MeasuredReflectionSaving,
} from '../recommend/reflection-ledger.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import { listMeasurements, loadReflections } from '../store/index.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, iso, oneCluster, pageInMemory } from './read-scope.js';
import type { AppDeps } from './service.js';
import { defineService } from './service.js';

export const reflectionOutput = z.object({
  reflectionId: z.string(),
  cluster: z.string(),
  name: z.string().nullable(),
  type: z.enum(['RAW', 'AGGREGATION', 'EXTERNAL', 'UNKNOWN']),
  datasetPath: z.string().nullable(),
  enabled: z.boolean().nullable(),
  status: z.string().nullable(),
  refreshStatus: z.string().nullable(),
  availabilityStatus: z.string().nullable(),
  dimensions: z.array(z.string()),
  measures: z.array(z.string()),
  displayColumns: z.array(z.string()),
  partitionColumns: z.array(z.string()),
  currentSizeBytes: z.number().nullable(),
  consideredCount: z.number().nullable(),
  matchedCount: z.number().nullable(),
  chosenCount: z.number().nullable(),
  failureCount: z.number().nullable(),
  lastFailureMessage: z.string().nullable(),
  lastRefreshAt: z.string().nullable(),
  lastRefreshDurationMs: z.number().nullable(),
  createdAt: z.string().nullable(),
  refreshes: z.number().int().describe('Stored refreshes'),
});

function reflectionItem(r: Reflection, cluster: Cluster): z.input<typeof reflectionOutput> {
  return {
    reflectionId: r.reflectionId,
    cluster: cluster.name,
    name: r.name,
    type: r.type,
    datasetPath: r.datasetPath,
    enabled: r.enabled,
    status: r.status,
    refreshStatus: r.refreshStatus,
    availabilityStatus: r.availabilityStatus,
    dimensions: [...r.dimensions],
    measures: [...r.measures],
    displayColumns: [...r.displayColumns],
    partitionColumns: [...r.partitionColumns],
    currentSizeBytes: r.currentSizeBytes,
    consideredCount: r.consideredCount,
    matchedCount: r.matchedCount,
    chosenCount: r.chosenCount,
    failureCount: r.failureCount,
    lastFailureMessage: r.lastFailureMessage,
    lastRefreshAt: iso(r.lastRefreshAt),
    lastRefreshDurationMs: r.lastRefreshDurationMs,
    createdAt: iso(r.createdAt),
    refreshes: r.refreshes.length,
  };
}

export const listReflections = defineService({
  name: 'reflections.list',
  summary: 'Existing reflections (not dropped) by dataset, with their usage counters',
  input: z.object({
    cluster: clusterField,
    dataset: z.string().min(1).max(1000).optional().describe('Only reflections of this dataset path'),
    ...pageInput,
  }),
  output: pageOf(reflectionOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const items: z.input<typeof reflectionOutput>[] = [];
    for (const cluster of clusters) {
      for (const r of await loadReflections(deps.store.db, cluster.id)) {
        if (options.dataset !== undefined && r.datasetPath !== options.dataset) continue;
        items.push(reflectionItem(r, cluster));
      }
    }
    return pageInMemory(items, {
      keyOf: (r) => [r.cluster, r.datasetPath, r.reflectionId],
      order: ['asc', 'asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});

export const ledgerEntryOutput = z.object({
  reflectionId: z.string(),
  name: z.string().nullable(),
  datasetPath: z.string().nullable(),
  refreshMsPerDay: z.number(),
  footprintBytes: z.number().nullable(),
  chosenJobs: z.number().int(),
  comparedJobs: z.number().int(),
  savedMsPerDay: z.number().nullable(),
  netMsPerDay: z.number().nullable(),
  savingBasis: z.enum(['before-after', 'accelerated-runs', 'none']),
  measurementId: z.number().int().nullable(),
  verdict: z.enum(LEDGER_VERDICTS),
  reason: z.string(),
});

/** Reflection creations measured before/after, by the id of the reflection they created. */
async function measuredSavings(
  deps: AppDeps,
  cluster: Cluster,
  reflections: readonly Reflection[],
): Promise<Map<string, MeasuredReflectionSaving>> {
  const bySubject = new Map<string, string>();
  for (const r of reflections)
    if (r.datasetPath !== null && r.name !== null)
      bySubject.set(reflectionSubject(r.datasetPath, r.name), r.reflectionId);
  const out = new Map<string, MeasuredReflectionSaving>();
  for (const m of await listMeasurements(deps.store.db, { clusterId: cluster.id })) {
    if (m.change.kind !== 'reflection-created' || m.savedMsPerDay === null) continue;
    const id = bySubject.get(m.change.subject);
    // Newest change first: the first one seen per reflection is its latest measurement.
    if (id !== undefined && !out.has(id))
      out.set(id, { measurementId: m.id, savedMsPerDay: m.savedMsPerDay });
  }
  return out;
}

export const reflectionLedger = defineService({
  name: 'reflections.ledger',
  summary: "Each reflection's refresh cost and footprint against the time it saves: keep, review or drop",
  input: z.object({
    cluster: clusterField,
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(30)
      .describe('The window of jobs looked at, ending at the newest stored job'),
    verdict: z.enum(LEDGER_VERDICTS).optional(),
  }),
  output: z.object({
    cluster: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    items: z.array(ledgerEntryOutput).describe('Largest cost without saving first'),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const range = await jobTimeRange(deps.store.db, cluster.id);
    if (range === undefined) return { cluster: cluster.name, from: null, to: null, items: [] };
    const snapshot = await loadSnapshot(deps.store.db, {
      cluster,
      options: { windowDays: options.days },
      now: range.newest,
      newestJobAt: range.newest,
    });
    const { window } = snapshot;
    const ledger = ledgerOf(snapshot, await measuredSavings(deps, cluster, snapshot.reflections));
    return {
      cluster: cluster.name,
      from: iso(window.from),
      to: iso(window.to),
      items: ledger
        .filter((e) => options.verdict === undefined || e.verdict === options.verdict)
        .map((e) => ({ ...e, measurementId: e.measurementId === null ? null : Number(e.measurementId) })),
    };
  },
});
