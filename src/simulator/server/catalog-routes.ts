import type { CatalogEntity } from '../world.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { intParam } from './query-params.js';
import type { Route, RouteContext } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

/**
 * A container's children one page at a time (`maxChildren`, `pageToken`, `nextPageToken`), as
 * Dremio pages folders, sources and homes (fidelity-gaps #10); without `maxChildren`, all of them.
 */
function paged(context: RouteContext, entity: CatalogEntity): SimResponse {
  const children = entity.children;
  if (!Array.isArray(children)) return jsonResponse(200, entity);
  const max = intParam(context.query, { name: 'maxChildren', fallback: children.length });
  if (!max.ok) return errorResponse(400, max.message);
  const offset = decodePageToken(context.query.get('pageToken'));
  if (offset === undefined)
    return errorResponse(400, `Invalid pageToken '${context.query.get('pageToken')}'`);
  const end = offset + max.value;
  const { nextPageToken: _ignored, ...rest } = entity as Record<string, unknown>;
  return jsonResponse(200, {
    ...rest,
    children: children.slice(offset, end),
    ...(end < children.length ? { nextPageToken: encodePageToken(end) } : {}),
  });
}

function roots(context: RouteContext): SimResponse {
  return jsonResponse(200, { data: context.state.world.catalogRoots() });
}

function byId(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const entity = context.state.world.catalogById(id);
  return entity === undefined
    ? errorResponse(404, `Could not find entity with id [${id}]`)
    : paged(context, entity);
}

function byPath(context: RouteContext): SimResponse {
  const path = context.params.path!.split('/');
  const entity = context.state.world.catalogByPath(path);
  return entity === undefined
    ? errorResponse(404, `Could not find entity with path [[${path.join(', ')}]]`)
    : paged(context, entity);
}

/** `GET …/catalog`, `…/catalog/{id}`, `…/catalog/by-path/{seg}/…` (dremio-api.md §2.4). */
export function catalogRoutes(prefix: string): Route[] {
  return [
    { method: 'GET', pattern: `${prefix}/catalog`, auth: true, handler: roots },
    { method: 'GET', pattern: `${prefix}/catalog/by-path/*path`, auth: true, handler: byPath },
    { method: 'GET', pattern: `${prefix}/catalog/:id`, auth: true, handler: byId },
  ];
}
