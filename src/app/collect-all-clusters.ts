import { z } from 'zod';
import { clusterEnvName } from '../config/index.js';
import { isAppError } from '../errors.js';
import { withClusterDeps } from './app-deps.js';
import {
  clusterCollectSettings,
  collectInput,
  collectSummaryOutput,
  collectSummaryWire,
  collectWith,
} from './collect.js';
import { type ConfiguredCluster, configuredClusters } from './configured-clusters.js';
import { defineService } from './service.js';

export const collectAllInput = collectInput.pick({ since: true, until: true, profiles: true, only: true });

export const clusterCollectionOutput = z.object({
  cluster: z.string(),
  url: z.string().nullable().describe('Where the cluster was reached (its configured URL)'),
  projectId: z.string().nullable().describe('Its Dremio Cloud project; null on Software'),
  status: z
    .enum(['succeeded', 'partial', 'failed'])
    .describe('failed: the collection ended without result or could not start (see error)'),
  summary: collectSummaryOutput.nullable().describe('The collection; null when it could not run'),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      hint: z.string().optional().describe('What to do about it'),
    })
    .nullable()
    .describe('Why the collection could not run; null when it ran'),
});

export const collectAllOutput = z.object({
  clusters: z.array(clusterCollectionOutput),
  failed: z.number().int().describe('Clusters whose collection failed or could not run'),
  stoppedEarly: z.boolean().describe('True when asked to stop; the clusters after the stop are not listed'),
});
export type CollectAllOutput = z.input<typeof collectAllOutput>;

/**
 * Collects every configured cluster in turn, in this process. A cluster that fails (unreachable,
 * refused credentials, a stage failing) is reported with what went wrong and what to do, and the
 * others are still collected: one cluster never stops another.
 */
export const collectAllClusters = defineService({
  name: 'collect.all',
  summary: 'Collect every configured cluster in turn, reporting each; one failing does not stop the others',
  input: collectAllInput,
  output: collectAllOutput,
  async run(deps, options) {
    const stopped = () => deps.signal?.aborted === true;
    const results: z.input<typeof clusterCollectionOutput>[] = [];
    for (const cluster of configuredClusters(deps.config)) {
      if (stopped()) break;
      const where = { url: cluster.dremio.url ?? null, projectId: cluster.dremio.projectId ?? null };
      try {
        const summary = await withClusterDeps(deps, cluster, (own) =>
          collectWith(own, clusterCollectSettings(own.config, cluster, options)),
        );
        results.push({
          cluster: cluster.name,
          ...where,
          status: summary.status,
          summary: collectSummaryWire(summary),
          error: null,
        });
      } catch (error) {
        if (stopped()) break;
        deps.logger.error(
          { cluster: cluster.name, err: error },
          'collection failed; the next cluster goes on',
        );
        results.push({
          cluster: cluster.name,
          ...where,
          status: 'failed',
          summary: null,
          error: errorOf(error, cluster),
        });
      }
    }
    return {
      clusters: results,
      failed: results.filter((r) => r.status === 'failed').length,
      stoppedEarly: stopped(),
    };
  },
});

function errorOf(
  error: unknown,
  cluster: ConfiguredCluster,
): { code: string; message: string; hint?: string } {
  if (!isAppError(error))
    return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  // The client's hints name the single-cluster variables (DREMIO_URL…); say where this cluster's are.
  const where =
    cluster.source === 'clusters' && error.kind === 'dremio'
      ? ` For cluster "${cluster.name}" these settings are its entry in \`clusters\` (url, username, projectId, TLS), and ${clusterEnvName(cluster.name, 'password')} / ${clusterEnvName(cluster.name, 'token')}.`
      : '';
  const hint = error.hint === undefined ? where.trim() : `${error.hint}${where}`;
  return { code: error.code, message: error.message, ...(hint === '' ? {} : { hint }) };
}
