import { reflectionSummaryPage } from './reflection-summary.js';
import type { Route, RouteContext } from './route.js';
import { emptyResponse, errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

function bodyObject(body: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

function notFound(id: string): SimResponse {
  return errorResponse(404, `Reflection not found for id [${id}]`);
}

function getOne(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const reflection = context.state.world.reflectionById(id);
  return reflection === undefined ? notFound(id) : jsonResponse(200, reflection);
}

function create(context: RouteContext): SimResponse {
  const body = bodyObject(context.body);
  if (body === undefined || typeof body.datasetId !== 'string' || typeof body.type !== 'string') {
    return errorResponse(
      400,
      'A reflection needs a JSON body with "datasetId" and "type" (RAW or AGGREGATION).',
    );
  }
  if (context.state.world.catalogById(body.datasetId) === undefined) {
    return errorResponse(400, `Dataset [${body.datasetId}] does not exist.`);
  }
  return jsonResponse(200, context.state.world.createReflection(body));
}

/** PUT needs the current `tag` (optimistic concurrency, §2.5). */
function update(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const body = bodyObject(context.body);
  const { world } = context.state;
  const current = world.reflectionById(id);
  if (current === undefined) return notFound(id);
  if (body === undefined || typeof body.tag !== 'string') {
    return errorResponse(400, 'Updating a reflection needs its current "tag" in the body.');
  }
  if (body.tag !== current.tag) {
    return errorResponse(409, `Reflection [${id}] was changed since tag [${body.tag}]; read it again.`);
  }
  const updated = world.updateReflection(id, body);
  return updated === undefined ? notFound(id) : jsonResponse(200, updated);
}

function remove(context: RouteContext): SimResponse {
  const id = context.params.id!;
  return context.state.world.deleteReflection(id) ? emptyResponse(200) : notFound(id);
}

function forDataset(context: RouteContext): SimResponse {
  const datasetId = context.params.datasetId!;
  const { world } = context.state;
  if (world.catalogById(datasetId) === undefined) {
    return errorResponse(404, `Could not find entity with id [${datasetId}]`);
  }
  return jsonResponse(200, { data: world.reflections().filter((r) => r.datasetId === datasetId) });
}

function listAll(context: RouteContext): SimResponse {
  return jsonResponse(200, { data: context.state.world.reflections() });
}

/** Reflection CRUD everywhere; listing and summaries only on Enterprise and Cloud (§2.5). */
export function reflectionRoutes(prefix: string, enterprise: boolean): Route[] {
  const routes: Route[] = [
    { method: 'GET', pattern: `${prefix}/reflection/:id`, auth: true, handler: getOne },
    { method: 'POST', pattern: `${prefix}/reflection`, auth: true, handler: create },
    { method: 'PUT', pattern: `${prefix}/reflection/:id`, auth: true, handler: update },
    { method: 'DELETE', pattern: `${prefix}/reflection/:id`, auth: true, handler: remove },
    { method: 'GET', pattern: `${prefix}/dataset/:datasetId/reflection`, auth: true, handler: forDataset },
  ];
  if (!enterprise) return routes;
  return [
    ...routes,
    { method: 'GET', pattern: `${prefix}/reflection`, auth: true, handler: listAll },
    { method: 'GET', pattern: `${prefix}/reflection-summary`, auth: true, handler: reflectionSummaryPage },
  ];
}
