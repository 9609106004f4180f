import type { SimWorld } from '../world.js';
import { bindQuery } from './bind-query.js';
import { mentionsSystemTable } from './mentions-system-table.js';
import { parseSelect } from './parse-select.js';
import { executeBound, type QueryResultSet } from './query-result.js';
import { resolveSource } from './resolve-source.js';
import { parseErrorOf } from './validate-statement.js';
import type { WindowCache } from './window-cache.js';

export type SystemQueryPlan =
  /** Not a query the simulator answers itself: hand it to `world.submitSql`. */
  | { readonly kind: 'not-system' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ok'; readonly result: QueryResultSet };

function outsideSubsetMessage(reason: string, offset: number): string {
  return (
    `UNSUPPORTED_OPERATION ERROR: The simulator answers system-table queries only in the form ` +
    `SELECT columns|* FROM one table [WHERE predicates joined by AND] [ORDER BY …] [LIMIT n] [OFFSET n]; ` +
    `this one is not (${reason} at offset ${offset}).`
  );
}

/**
 * Decides whether SQL is a system-table query and, if so, validates and runs it lazily. Unknown
 * tables under `sys`/`INFORMATION_SCHEMA` and unknown columns fail with Dremio-style messages.
 *
 * @example
 * const plan = planSystemQuery(world, 'SELECT job_id FROM sys.jobs_recent WHERE submitted_epoch_millis > 0 LIMIT 500');
 * if (plan.kind === 'ok') plan.result.rows(0, 100);
 */
export function planSystemQuery(
  world: Pick<SimWorld, 'table' | 'tableFunction'>,
  sql: string,
  options: { readonly cache?: WindowCache; readonly context?: readonly string[] } = {},
): SystemQueryPlan {
  const parsed = parseSelect(sql);
  if (!parsed.ok) {
    const parseError = parseErrorOf(sql);
    if (parseError !== undefined) return { kind: 'failed', message: parseError };
    if (!mentionsSystemTable(sql)) return { kind: 'not-system' };
    return { kind: 'failed', message: outsideSubsetMessage(parsed.reason, parsed.offset) };
  }
  const source = resolveSource(world, parsed.query.from, options.context);
  if (source.kind === 'not-system') return source;
  if (source.kind === 'missing') return { kind: 'failed', message: source.message };
  const bound = bindQuery(source.table, parsed.query);
  if (!bound.ok) return { kind: 'failed', message: bound.message };
  const executed = executeBound(bound.bound, options.cache);
  if (!executed.ok) return { kind: 'failed', message: executed.message };
  return { kind: 'ok', result: executed.result };
}
