import type { ComponentChildren } from 'preact';
import { api, unwrap } from '../api.js';
import type { Location } from '../router.js';
import { useApi } from '../use-api.js';
import { SelectFilter } from './filters.js';
import { ErrorBox } from './states.js';

const loadClusters = () => unwrap(api.GET('/api/v1/clusters', { params: { query: { limit: 50 } } }));
export type ClusterRow = Awaited<ReturnType<typeof loadClusters>>['items'][number];

export interface ClusterChoice {
  /** The cluster the page shows: the URL's `cluster`, else the first stored when there are several. */
  readonly cluster: string | undefined;
  readonly clusters: readonly ClusterRow[];
  /** False until the clusters are known: a page about one cluster waits rather than asks twice. */
  readonly ready: boolean;
  /** What to say instead of the page when the store holds no cluster yet (else null). */
  readonly none: ComponentChildren;
  /** The selector, shown only when the store holds several clusters. */
  readonly selector: ComponentChildren;
}

/**
 * Which cluster a one-cluster page shows. The API answers for "the only one" without a name, so with
 * one cluster the URL stays clean; with several the first is the default and a selector offers the rest.
 */
export function useClusterChoice(where: Location): ClusterChoice {
  const loaded = useApi(loadClusters, []);
  const clusters = loaded.data?.items ?? [];
  const fromUrl = where.query.get('cluster') ?? undefined;
  const first = clusters[0]?.name;
  const several = clusters.length > 1;
  return {
    cluster: fromUrl ?? (several ? first : undefined),
    clusters,
    // Nothing to ask about before a first collection: the API would only refuse to guess a cluster.
    ready: clusters.length > 0,
    none:
      loaded.error !== undefined ? (
        <ErrorBox error={loaded.error} />
      ) : loaded.data !== undefined && clusters.length === 0 ? (
        <p class="empty">
          No cluster stored yet: run <code>dremio-optimizer demo</code> or <code>collect</code> first.
        </p>
      ) : null,
    selector: several ? (
      <SelectFilter
        where={where}
        name="cluster"
        label="Cluster"
        any={`${first} (first)`}
        options={clusters.slice(1).map((c) => c.name)}
      />
    ) : null,
  };
}
