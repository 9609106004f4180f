import {
  type CatalogChild,
  type CatalogDataset,
  catalogEntitySchema,
  catalogListSchema,
  toCatalogDataset,
} from './catalog-entity.js';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse } from './parse-response.js';

export interface WalkCatalogOptions {
  /** Entities fetched at once; the connection's global limits still apply on top. */
  readonly maxConcurrency?: number;
  readonly signal?: AbortSignal;
  /** Stop after fetching this many entities (for probes); unlimited by default. */
  readonly maxEntities?: number;
  /** Children per page of a container (`maxChildren`). */
  readonly pageSize?: number;
  /** A container or dataset that cannot be read is reported here and skipped; the walk goes on. */
  readonly onError?: (failure: { id: string; path: readonly string[]; error: unknown }) => void;
}

interface Visit {
  readonly id: string;
  readonly path: readonly string[];
}

/**
 * Walks every space, source, folder and home breadth-first and yields each table and view with its
 * fields, format and view SQL.
 *
 * @example
 * for await (const dataset of walkCatalog(connection, { maxConcurrency: 4 })) console.log(dataset.path.join('.'));
 */
export async function* walkCatalog(
  connection: DremioConnection,
  options: WalkCatalogOptions = {},
): AsyncGenerator<CatalogDataset, void, undefined> {
  const width = Math.max(1, Math.floor(options.maxConcurrency ?? 4));
  const rootPath = connection.restPath('/catalog');
  const roots = parseResponse(catalogListSchema, {
    body: await connection.getJson(rootPath, signalOf(options)),
    endpoint: `GET ${rootPath}`,
  });
  const queue: Visit[] = (roots.data ?? []).filter(isWalkable).map(toVisit);
  const seen = new Set(queue.map((v) => v.id));
  let budget = options.maxEntities ?? Number.POSITIVE_INFINITY;
  while (queue.length > 0 && budget > 0) {
    const wave = queue.splice(0, Math.min(width, budget));
    budget -= wave.length;
    const results = await Promise.all(wave.map((visit) => visitEntity(connection, visit, options)));
    for (const result of results) {
      if (result.dataset) yield result.dataset;
      for (const child of result.children) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        queue.push(child);
      }
    }
  }
}

async function visitEntity(
  connection: DremioConnection,
  visit: Visit,
  options: WalkCatalogOptions,
): Promise<{ dataset?: CatalogDataset; children: Visit[] }> {
  const children: Visit[] = [];
  const path = connection.restPath(`/catalog/${encodeURIComponent(visit.id)}`);
  let pageToken: string | undefined;
  try {
    do {
      const body = await connection.getJson(path, {
        query: { maxChildren: options.pageSize ?? 100, pageToken },
        ...signalOf(options),
      });
      const entity = parseResponse(catalogEntitySchema, { body, endpoint: `GET ${path}` });
      const dataset = toCatalogDataset(entity);
      if (dataset) return { dataset, children };
      children.push(...(entity.children ?? []).filter(isWalkable).map(toVisit));
      pageToken = entity.nextPageToken ?? undefined;
    } while (pageToken);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (options.onError) options.onError({ id: visit.id, path: visit.path, error });
    else
      connection.logger.warn(
        { catalogPath: visit.path.join('.'), error: String(error) },
        'skipped catalog entity',
      );
  }
  return { children };
}

/** Unpromoted files have no schema to read; everything else is a container or a dataset. */
function isWalkable(child: CatalogChild): boolean {
  return child.type !== 'FILE';
}

function toVisit(child: CatalogChild): Visit {
  return { id: child.id, path: child.path ?? [] };
}

function signalOf(options: WalkCatalogOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
