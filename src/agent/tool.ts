import type { z } from 'zod';
import type { AppDeps } from '../app/service.js';

/**
 * One fact the model may ask for: a thin wrapper on an application-layer service. The input schema is
 * what the model sees (as JSON Schema) and what its arguments are validated against before `run`.
 */
export interface AgentTool<I extends z.ZodType = z.ZodType> {
  /** snake_case, stable: the name the model calls. */
  readonly name: string;
  /** One or two sentences the model reads to choose the tool. */
  readonly description: string;
  readonly input: I;
  /** Returns JSON-serialisable data; throws the product's errors (NotFoundError, InvalidInputError…). */
  run(deps: AppDeps, input: z.output<I>): Promise<unknown>;
}
