import type { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { DremioClient } from '../dremio/index.js';
import { InvalidInputError } from '../errors.js';
import type { Logger } from '../log/index.js';
import type { OptimizerMetrics } from '../observe/metrics.js';
import type { Store } from '../store/index.js';

/**
 * What every service may use. Callers (CLI, API, MCP, scheduler) build it once per command or request;
 * nothing here is caller-specific, so a service never knows who called it.
 */
export interface AppDeps {
  readonly store: Store;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /**
   * The configured Dremio, built on first use; throws a ConfigError naming the missing settings when
   * no Dremio is configured. Read-only services never call it.
   */
  readonly dremio?: () => DremioClient;
  /** Stops long work between units (a page, a batch, a detector); the service then returns or throws. */
  readonly signal?: AbortSignal;
  /**
   * Where long services report how far they got (`stage`: collect, profiles, analyze…; `data`: counts),
   * for a terminal's progress line or a background task's status. Optional; never affects the result.
   */
  readonly onProgress?: (stage: string, text: string, data: Readonly<Record<string, number>>) => void;
  /** Where services count and time what they do (`/metrics`); absent: nothing is recorded. */
  readonly metrics?: OptimizerMetrics;
}

/**
 * A capability: an async function of its dependencies and one options object, with the zod schema of
 * that object (`input`, validated on every call, so each caller passes what it received — query
 * strings, option text — and gets field-by-field problems back) and of its result in JSON form
 * (`output`: dates as ISO strings, integers as numbers; the API documents and tests against it).
 */
export interface Service<I extends z.ZodType, O extends z.ZodType> {
  (deps: AppDeps, options: z.input<I>): Promise<z.input<O>>;
  readonly serviceName: string;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export interface ServiceDefinition<I extends z.ZodType, O extends z.ZodType> {
  /** Dotted, stable: `findings.list`, `recommendations.apply`; used for logs, spans and OpenAPI ids. */
  readonly name: string;
  /** One line, shown in the API docs and tool descriptions. */
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  run(deps: AppDeps, options: z.output<I>): Promise<z.input<O>>;
}

export function defineService<I extends z.ZodType, O extends z.ZodType>(
  definition: ServiceDefinition<I, O>,
): Service<I, O> {
  const call = async (deps: AppDeps, options: z.input<I>) =>
    definition.run(deps, parseServiceInput(definition.name, definition.input, options));
  return Object.assign(call, {
    serviceName: definition.name,
    summary: definition.summary,
    input: definition.input,
    output: definition.output,
  });
}

/** Validates options against a service's input schema; problems name the option fields. */
export function parseServiceInput<I extends z.ZodType>(
  name: string,
  schema: I,
  options: unknown,
): z.output<I> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(options)';
    const value = valueAt(options, issue.path);
    return {
      field,
      ...(value === undefined ? {} : { value: describeValue(value) }),
      expected: issue.message,
    };
  });
  throw new InvalidInputError(
    `${name}: ${problems.map((p) => `${p.field} ${p.value === undefined ? 'is missing' : 'is invalid'}`).join('; ')}`,
    { problems },
  );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    // Text a schema split before checking (`a,b` for a list): the problem is with that text.
    if (typeof current === 'string' && current !== root) return current;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
