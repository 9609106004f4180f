import { z } from 'zod';
import type { Cluster } from '../domain/cluster.js';
import { MEASUREMENT_VERDICTS } from '../domain/measurement.js';
import {
  PAYOFF_METHODS,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  type RecommendationStatus,
  RISK_LEVELS,
} from '../domain/recommendation.js';
import { maxSeverity, SEVERITIES, type Severity } from '../domain/severity.js';
import { NotFoundError } from '../errors.js';
import { findingSeverities } from '../store/findings-repository.js';
import {
  getRecommendation as getStoredRecommendation,
  listMeasurements,
  listRecommendations as listStoredRecommendations,
  recommendationHistory,
  type StoredRecommendation,
} from '../store/index.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, iso, oneCluster, pageInMemory, wire } from './read-scope.js';
import { defineService } from './service.js';

const statusEnum = z.enum(RECOMMENDATION_STATUSES);

/** The JSON form of a stored recommendation: the fields of `recommendations list --format json`, plus cluster. */
export const recommendationOutput = z.object({
  id: z.string(),
  cluster: z.string(),
  kind: z.enum(RECOMMENDATION_KINDS),
  title: z.string(),
  sql: z
    .string()
    .nullable()
    .describe('The statement to run; null where the change is a setting or a client change'),
  action: z.string(),
  target: z.looseObject({ kind: z.enum(['dataset', 'reflection', 'fingerprint', 'queue']) }),
  findingIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  estimatedSavingsMsPerDay: z.number(),
  estimatedCost: z.object({
    storageBytes: z.number(),
    refreshMsPerDay: z.number(),
    oneOffMs: z.number(),
    basis: z.string(),
  }),
  netBenefitMsPerDay: z.number(),
  confidence: z.number(),
  method: z.enum(PAYOFF_METHODS),
  rationale: z.string(),
  risk: z.object({ level: z.enum(RISK_LEVELS), note: z.string() }),
  evidence: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .describe('The measured facts it rests on, units in the names'),
  status: statusEnum,
  severity: z.enum(SEVERITIES).nullable().describe('The highest severity of the findings it answers'),
  appliedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const statusChangeOutput = z.object({
  fromStatus: statusEnum.nullable(),
  toStatus: statusEnum,
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const recommendationDetailOutput = recommendationOutput.extend({
  history: z.array(statusChangeOutput),
  latestMeasurementId: z.number().int().nullable().describe('The newest measurement of its change'),
});

export function recommendationItem(
  rec: StoredRecommendation,
  cluster: string,
  severity: Severity | null,
): z.input<typeof recommendationOutput> {
  return {
    ...wire<Omit<z.input<typeof recommendationOutput>, 'cluster' | 'severity'>>(rec),
    cluster,
    severity,
    appliedAt: iso(rec.appliedAt),
  };
}

function severityOf(rec: StoredRecommendation, bySeverity: ReadonlyMap<string, Severity>): Severity | null {
  let top: Severity | null = null;
  for (const id of rec.findingIds) {
    const s = bySeverity.get(id);
    if (s !== undefined) top = top === null ? s : maxSeverity(top, s);
  }
  return top;
}

export const listRecommendations = defineService({
  name: 'recommendations.list',
  summary: 'Stored recommendations, filtered, the largest net saving first',
  input: z.object({
    cluster: clusterField,
    status: z
      .union([statusEnum, z.array(statusEnum).min(1)])
      .optional()
      .describe('One status or several (default: all but closed, which the analysis closed with a reason)'),
    severity: z.enum(SEVERITIES).optional().describe('Only those whose highest finding severity is this'),
    kind: z.enum(RECOMMENDATION_KINDS).optional(),
    ...pageInput,
  }),
  output: pageOf(recommendationOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const statuses: RecommendationStatus[] =
      options.status === undefined
        ? RECOMMENDATION_STATUSES.filter((x) => x !== 'closed')
        : Array.isArray(options.status)
          ? options.status
          : [options.status];
    const items: z.input<typeof recommendationOutput>[] = [];
    for (const cluster of clusters) {
      const recs = await listStoredRecommendations(deps.store.db, {
        clusterId: cluster.id,
        statuses,
      });
      const bySeverity = await findingSeverities(deps.store.db, cluster.id);
      for (const rec of recs) {
        if (options.kind !== undefined && rec.kind !== options.kind) continue;
        const severity = severityOf(rec, bySeverity);
        if (options.severity !== undefined && severity !== options.severity) continue;
        items.push(recommendationItem(rec, cluster.name, severity));
      }
    }
    return pageInMemory(items, {
      keyOf: (r) => [r.netBenefitMsPerDay, r.cluster, r.id],
      order: ['desc', 'asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});

async function mustGet(deps: Parameters<typeof clustersInScope>[0], cluster: Cluster, id: string) {
  const rec = await getStoredRecommendation(deps.store.db, { clusterId: cluster.id, id });
  if (rec === undefined)
    throw new NotFoundError(`no recommendation ${id} in cluster ${cluster.name}`, {
      entity: 'recommendation',
      id,
      field: 'id',
    });
  return rec;
}

export const getRecommendation = defineService({
  name: 'recommendations.get',
  summary: 'One recommendation with its lifecycle history and its latest measurement',
  input: z.object({ id: z.string().min(1).max(200).describe('Recommendation id'), cluster: clusterField }),
  output: recommendationDetailOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const rec = await mustGet(deps, cluster, options.id);
    const history = await recommendationHistory(deps.store.db, { clusterId: cluster.id, id: rec.id });
    const measurements = await listMeasurements(deps.store.db, {
      clusterId: cluster.id,
      recommendationId: rec.id,
    });
    const latest = measurements.reduce<(typeof measurements)[number] | undefined>(
      (best, m) => (best === undefined || m.measuredAt > best.measuredAt ? m : best),
      undefined,
    );
    return {
      ...recommendationItem(
        rec,
        cluster.name,
        severityOf(rec, await findingSeverities(deps.store.db, cluster.id)),
      ),
      history: wire<z.input<typeof statusChangeOutput>[]>(history),
      latestMeasurementId: latest === undefined ? null : Number(latest.id),
    };
  },
});

export const impactRowOutput = z.object({
  id: z.string(),
  kind: z.enum(RECOMMENDATION_KINDS),
  title: z.string(),
  status: statusEnum,
  appliedAt: z.string().nullable(),
  estimatedSavingsMsPerDay: z.number(),
  measuredSavingsMsPerDay: z.number().nullable().describe('From the latest measurement; null before one'),
  verdict: z.enum(MEASUREMENT_VERDICTS).nullable(),
  measurementId: z.number().int().nullable(),
  meetsExpectation: z.boolean().nullable(),
});

export const recommendationImpact = defineService({
  name: 'recommendations.impact',
  summary: 'Estimated against measured savings of applied and verified recommendations',
  input: z.object({
    cluster: clusterField,
    id: z.string().min(1).max(200).optional().describe('One recommendation (default: every applied one)'),
  }),
  output: z.object({
    items: z.array(impactRowOutput),
    total: z.object({
      recommendations: z.number().int(),
      measured: z.number().int(),
      estimatedSavingsMsPerDay: z.number().describe('Of the measured ones'),
      measuredSavingsMsPerDay: z.number(),
    }),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const recs =
      options.id === undefined
        ? await listStoredRecommendations(deps.store.db, {
            clusterId: cluster.id,
            statuses: ['applied', 'verified'],
          })
        : [await mustGet(deps, cluster, options.id)];
    const measurements = await listMeasurements(deps.store.db, { clusterId: cluster.id });
    const items = recs.map((rec) => {
      const latest = measurements
        .filter((m) => m.recommendationId === rec.id)
        .reduce<(typeof measurements)[number] | undefined>(
          (best, m) => (best === undefined || m.measuredAt > best.measuredAt ? m : best),
          undefined,
        );
      return {
        id: rec.id,
        kind: rec.kind,
        title: rec.title,
        status: rec.status,
        appliedAt: iso(rec.appliedAt),
        estimatedSavingsMsPerDay: rec.estimatedSavingsMsPerDay,
        measuredSavingsMsPerDay: latest?.savedMsPerDay ?? null,
        verdict: latest?.verdict ?? null,
        measurementId: latest === undefined ? null : Number(latest.id),
        meetsExpectation: latest?.expectation?.meetsExpectation ?? null,
      };
    });
    const measured = items.filter((i) => i.measuredSavingsMsPerDay !== null);
    return {
      items,
      total: {
        recommendations: items.length,
        measured: measured.length,
        estimatedSavingsMsPerDay: measured.reduce((s, i) => s + i.estimatedSavingsMsPerDay, 0),
        measuredSavingsMsPerDay: measured.reduce((s, i) => s + (i.measuredSavingsMsPerDay ?? 0), 0),
      },
    };
  },
});
