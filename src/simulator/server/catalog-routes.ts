import type { Route, RouteContext } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

function roots(context: RouteContext): SimResponse {
  return jsonResponse(200, { data: context.state.world.catalogRoots() });
}

function byId(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const entity = context.state.world.catalogById(id);
  return entity === undefined
    ? errorResponse(404, `Could not find entity with id [${id}]`)
    : jsonResponse(200, entity);
}

function byPath(context: RouteContext): SimResponse {
  const path = context.params.path!.split('/');
  const entity = context.state.world.catalogByPath(path);
  return entity === undefined
    ? errorResponse(404, `Could not find entity with path [[${path.join(', ')}]]`)
    : jsonResponse(200, entity);
}

/** `GET …/catalog`, `…/catalog/{id}`, `…/catalog/by-path/{seg}/…` (dremio-api.md §2.4). */
export function catalogRoutes(prefix: string): Route[] {
  return [
    { method: 'GET', pattern: `${prefix}/catalog`, auth: true, handler: roots },
    { method: 'GET', pattern: `${prefix}/catalog/by-path/*path`, auth: true, handler: byPath },
    { method: 'GET', pattern: `${prefix}/catalog/:id`, auth: true, handler: byId },
  ];
}
