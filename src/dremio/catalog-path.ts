import { type CatalogChild, catalogEntitySchema, catalogListSchema } from './catalog-entity.js';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse } from './parse-response.js';

const PAGE_SIZE = 200;

/** Every child of a container, following `nextPageToken` until the last page. */
async function childrenOf(
  connection: DremioConnection,
  id: string,
  signal: AbortSignal | undefined,
): Promise<CatalogChild[]> {
  const path = connection.restPath(`/catalog/${encodeURIComponent(id)}`);
  const children: CatalogChild[] = [];
  let pageToken: string | undefined;
  do {
    const body = await connection.getJson(path, {
      query: { maxChildren: PAGE_SIZE, pageToken },
      ...(signal === undefined ? {} : { signal }),
    });
    const entity = parseResponse(catalogEntitySchema, { body, endpoint: `GET ${path}` });
    children.push(...(entity.children ?? []));
    pageToken = entity.nextPageToken ?? undefined;
  } while (pageToken);
  return children;
}

function nameOf(child: CatalogChild): string {
  return child.path?.at(-1) ?? '';
}

/**
 * The parts of a dataset path that history printed unquoted and joined by dots
 * (`Samples.samples.dremio.com.NYC-taxi-trips`, fidelity-gaps #10), found by walking down the
 * catalog from the root and matching each level's child names against the remaining text. Undefined
 * when no dataset matches.
 *
 * @example
 * await resolveDottedPath(connection, 'Samples.samples.dremio.com.zips.json');
 * // ['Samples', 'samples.dremio.com', 'zips.json']
 */
export async function resolveDottedPath(
  connection: DremioConnection,
  dotted: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<string[] | undefined> {
  const rootPath = connection.restPath('/catalog');
  const roots = parseResponse(catalogListSchema, {
    body: await connection.getJson(rootPath, options.signal === undefined ? {} : { signal: options.signal }),
    endpoint: `GET ${rootPath}`,
  });
  const descend = async (
    candidates: readonly CatalogChild[],
    rest: string,
    parts: readonly string[],
  ): Promise<string[] | undefined> => {
    const lower = rest.toLowerCase();
    // Longest names first: `samples.dremio.com` must win over a sibling `samples`.
    const ordered = [...candidates].sort((a, b) => nameOf(b).length - nameOf(a).length);
    for (const child of ordered) {
      const name = nameOf(child).toLowerCase();
      if (name === '') continue;
      if (lower === name && child.type === 'DATASET') return [...parts, nameOf(child)];
      if (child.type !== 'CONTAINER' && child.containerType === undefined) continue;
      if (!lower.startsWith(`${name}.`)) continue;
      const found = await descend(
        await childrenOf(connection, child.id, options.signal),
        rest.slice(name.length + 1),
        [...parts, nameOf(child)],
      );
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return descend(roots.data ?? [], dotted, []);
}
