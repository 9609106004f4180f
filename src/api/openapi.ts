import { z } from 'zod';
import { errorOutput } from '../app/error-wire.js';
import { scheduleHealthOutput } from '../app/schedule-health.js';
import { taskOutput } from '../app/tasks.js';
import { API_SCOPES } from '../config/schema.js';
import type { ApiRoute, ServiceRoute, UploadRoute } from './routes.js';

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

export const healthOutput = z.object({
  status: z.literal('ok'),
  version: z.string(),
  keyRequired: z.boolean().describe('Whether the other routes need an API key (the dashboard asks for one)'),
  schedule: scheduleHealthOutput
    .optional()
    .describe(
      'The scheduled pipeline (`serve --schedule`, `run --every`, any process on this store): per cluster, its newest cycle and the last that completed; absent when the store cannot be read',
    ),
});

export const sessionOutput = z.object({
  client: z.string().describe('The name of the key presented (never the key)'),
  scopes: z.array(z.enum(API_SCOPES)).describe('What the key may do'),
  keyRequired: z.boolean().describe('Whether this server checks keys (false: every local caller may do all)'),
});

export const detailedHealthOutput = z.object({
  status: z.enum(['healthy', 'degraded']),
  version: z.string(),
  checks: z.array(
    z.object({
      name: z
        .string()
        .describe('`store`, `dremio`, or `schedule CLUSTER` (failed when its newest cycle failed)'),
      ok: z.boolean(),
      detail: z.string().describe('What was checked, or the error when it failed'),
    }),
  ),
});

const ERROR_RESPONSES: Readonly<Record<string, string>> = {
  '400': 'An input field is invalid: `problems` names each field',
  '401': 'No API key, or an unknown one',
  '403': 'The key lacks the scope of this route',
  '404': 'The thing asked for does not exist',
  '409': 'The state forbids it (e.g. an unconfirmed apply)',
  '413': 'The request body is over the limit',
  '429': 'Over the rate limit: retry after `Retry-After` seconds',
  '500': 'Internal error: the body has the request id to look up in the server log',
  '502': 'Dremio failed',
  '503': 'The store is unavailable, or the server is not configured for this (e.g. no Dremio)',
};

/** The OpenAPI 3.1 document of the API, generated from the services' own zod schemas. */
export function buildOpenApi(routes: readonly ApiRoute[], options: { readonly version: string }): JsonSchema {
  const components: Record<string, JsonSchema> = {
    Error: jsonSchema(errorOutput, 'output', {}),
  };
  const paths: Record<string, Record<string, Operation>> = {};
  const add = (path: string, method: string, operation: Operation) => {
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = operation;
  };
  add('/health', 'GET', {
    operationId: 'health',
    summary: 'Liveness, and when each cluster last completed a scheduled cycle: answers without a key',
    security: [],
    responses: { '200': jsonResponse('The server runs', jsonSchema(healthOutput, 'output', components)) },
  });
  add('/health/detailed', 'GET', {
    operationId: 'health.detailed',
    summary: 'The store and the configured Dremio, each checked: healthy or degraded with the error',
    'x-scope': 'read',
    responses: {
      '200': jsonResponse('Each check', jsonSchema(detailedHealthOutput, 'output', components)),
      ...errorResponses(['401', '403', '429']),
    },
  });
  add('/api/v1/session', 'GET', {
    operationId: 'session.get',
    summary: 'Who the presented key is and its scopes (any scope may ask)',
    responses: {
      '200': jsonResponse('The key', jsonSchema(sessionOutput, 'output', components)),
      ...errorResponses(['401', '429']),
    },
  });
  for (const route of routes) {
    add(
      route.path,
      route.method,
      route.kind === 'service' ? serviceOperation(route, components) : uploadOperation(route, components),
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dremio Optimizer API',
      version: options.version,
      description:
        'The capabilities of the `dremio-optimizer` CLI over HTTP. Send an API key as `Authorization: Bearer KEY` or `X-API-Key: KEY`; each route needs a scope (`read`, `write` or `apply`, in `x-scope`).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}

function serviceOperation(route: ServiceRoute, components: Record<string, JsonSchema>): Operation {
  const input = jsonSchema(route.service.input, 'input', components);
  const properties = { ...((input.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const required = new Set((input.required as string[] | undefined) ?? []);
  const fixed = route.fixed === undefined ? [] : Object.keys(route.fixed({ name: '' }));
  for (const field of fixed) delete properties[field];
  const parameters: JsonSchema[] = [];
  for (const name of pathParameters(route.path)) {
    const field = route.params?.[name] ?? name;
    parameters.push({ name, in: 'path', required: true, schema: properties[field] ?? { type: 'string' } });
    delete properties[field];
  }
  let requestBody: JsonSchema | undefined;
  if (route.from === 'query') {
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        schema: withoutDescription(schema),
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      });
    }
  } else {
    const bodyRequired = [...required].filter((f) => f in properties);
    requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties,
            ...(bodyRequired.length === 0 ? {} : { required: bodyRequired }),
          },
        },
      },
    };
  }
  const success = route.task
    ? {
        '202': jsonResponse(
          'The task, queued: poll it by its id',
          jsonSchema(taskOutput, 'output', components),
        ),
      }
    : { '200': jsonResponse('The result', jsonSchema(route.service.output, 'output', components)) };
  return {
    operationId: route.service.serviceName,
    summary: route.service.summary,
    'x-scope': route.scope,
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(requestBody === undefined ? {} : { requestBody }),
    responses: {
      ...success,
      ...errorResponses([
        '400',
        '401',
        '403',
        ...(pathParameters(route.path).length > 0 ? ['404'] : []),
        ...(route.method === 'GET' ? [] : ['409', '413']),
        '429',
        '500',
        '502',
        '503',
      ]),
    },
  };
}

function uploadOperation(route: UploadRoute, components: Record<string, JsonSchema>): Operation {
  const query = jsonSchema(route.operation.query, 'input', components);
  const binary = { schema: { type: 'string', format: 'binary' } };
  return {
    operationId: route.operation.name,
    summary: route.operation.summary,
    'x-scope': route.scope,
    parameters: Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
      ([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: withoutDescription(schema),
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      }),
    ),
    requestBody: {
      required: true,
      description: 'A profile JSON (or .json.gz), a support ZIP or a .tar(.gz) bundle, as the raw body',
      content: {
        'application/json': { schema: {} },
        'application/zip': binary,
        'application/gzip': binary,
        'application/octet-stream': binary,
      },
    },
    responses: {
      '200': jsonResponse(
        'Each profile attempt found, and each file that could not be read',
        jsonSchema(route.operation.output, 'output', components),
      ),
      ...errorResponses(['400', '401', '403', '413', '429', '500']),
    },
  };
}

export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function jsonResponse(description: string, schema: JsonSchema): JsonSchema {
  return { description, content: { 'application/json': { schema } } };
}

function errorResponses(statuses: readonly string[]): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const status of statuses) {
    out[status] = {
      description: ERROR_RESPONSES[status]!,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

function withoutDescription(schema: JsonSchema): JsonSchema {
  const { description: _description, ...rest } = schema;
  return rest;
}

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Named sub-schemas (`$defs`) move to
 * `components.schemas`, since a `#/$defs/…` reference would resolve against the whole document.
 */
function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: io === 'input' ? 'any' : 'throw',
  }) as JsonSchema;
  const { $schema: _schema, $defs, ...rest } = generated;
  const rewrite = (value: JsonSchema) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  if ($defs !== undefined) {
    for (const [name, def] of Object.entries($defs as Record<string, JsonSchema>))
      components[name] = rewrite(def);
  }
  return rewrite(rest);
}
