import { api, unwrap } from '../api.js';
import { useApi } from '../use-api.js';

/**
 * The choices of the findings and recommendations filters, from the API (clusters as stored, detectors
 * with their titles) so a new detector or cluster appears without a dashboard change.
 */
export function useFilterChoices() {
  return useApi(async () => {
    const [clusters, detectors] = await Promise.all([
      unwrap(api.GET('/api/v1/clusters', { params: { query: { limit: 100 } } })),
      unwrap(api.GET('/api/v1/detectors', { params: { query: { limit: 100 } } })),
    ]);
    return {
      clusters: clusters.items.map((c) => c.name),
      detectors: detectors.items.map((d) => ({ value: d.id, label: d.title })),
    };
  }, []);
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const FINDING_STATUSES = ['open', 'resolved', 'waived'] as const;
