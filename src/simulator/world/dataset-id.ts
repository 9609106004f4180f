/**
 * Dataset ids as the catalog gives them: a UUID, except for tables in a versioned (Nessie) source,
 * whose id is Dremio's `VersionedDatasetId` JSON (fidelity-gaps #10), so a client that expects
 * UUIDs, or does not encode ids in URLs, breaks on the simulator as it would on a cluster.
 */

import { pathParts } from './dataset-path.js';
import { CATALOG_ROOTS } from './datasets.js';
import { entityUuid } from './job-id.js';

const VERSIONED_SOURCES = new Set(
  CATALOG_ROOTS.filter((r) => r.sourceType === 'NESSIE').map((r) => r.name.toLowerCase()),
);

export function datasetId(seed: number, path: string): string {
  const uuid = entityUuid(seed, `dataset:${path}`);
  const parts = pathParts(path);
  if (!VERSIONED_SOURCES.has((parts[0] ?? '').toLowerCase())) return uuid;
  return JSON.stringify({
    tableKey: parts,
    contentId: entityUuid(seed, `content:${path}`),
    versionContext: { type: 'BRANCH', value: 'main' },
  });
}
