import type { SimTable, SimWorld } from '../world.js';
import type { TableSource } from './select-query.js';

export type SourceResolution =
  | { readonly kind: 'table'; readonly table: SimTable }
  | { readonly kind: 'missing'; readonly message: string }
  | { readonly kind: 'not-system' };

/** Namespaces whose tables the simulator answers itself; anything else is a workload query. */
const SYSTEM_NAMESPACES = new Set(['sys', 'information_schema']);

/**
 * Finds the table a query reads. Table names are case-insensitive, as dataset paths are in Dremio.
 * A name under `sys` or `INFORMATION_SCHEMA` that the world does not know is a validation error; any
 * other name is not a system table and goes to the world's workload engine. `context` is the
 * request's default schema path (`POST /sql` body `context`).
 */
export function resolveSource(
  world: Pick<SimWorld, 'table' | 'tableFunction'>,
  source: TableSource,
  context: readonly string[] = [],
): SourceResolution {
  if (source.kind === 'function') {
    const table = world.tableFunction(source.fn, source.argument);
    if (table !== undefined) return { kind: 'table', table };
    return {
      kind: 'missing',
      message: `VALIDATION ERROR: Table '${source.argument}' not found or is not an Iceberg table (${source.fn})`,
    };
  }
  const written = source.path.map((part) => part.text);
  // Dremio resolves a name against the request's context first, then from the root.
  const candidates = context.length > 0 ? [[...context, ...written], written] : [written];
  for (const parts of candidates) {
    const table = world.table(parts.map((part) => part.toLowerCase()).join('.'));
    if (table !== undefined) return { kind: 'table', table };
  }
  const parts = candidates.find((c) => c.length >= 2 && SYSTEM_NAMESPACES.has(c[0]!.toLowerCase()));
  if (parts === undefined) return { kind: 'not-system' };
  const object = parts[parts.length - 1];
  const within = parts.slice(0, -1).join('.');
  return { kind: 'missing', message: `VALIDATION ERROR: Object '${object}' not found within '${within}'` };
}
