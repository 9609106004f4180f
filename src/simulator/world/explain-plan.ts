/**
 * `EXPLAIN PLAN FOR <query>`: Dremio parses, validates and plans the query without running it, and
 * answers one row with the plan (`text`, and `json`, null here). A query that would fail validation
 * fails the EXPLAIN with the same message (fidelity-gaps #7), so checking SQL with EXPLAIN in the
 * simulator is never kinder than on a cluster.
 */
import { canonicalPath } from '../../sql/table-path.js';
import type { SubmitResult } from '../world.js';
import { pathParts } from './dataset-path.js';
import type { WorldState } from './world-state.js';

type SubmitResultSet = NonNullable<SubmitResult['result']>;

/** `EXPLAIN PLAN [INCLUDING ALL ATTRIBUTES | WITH IMPLEMENTATION | …] FOR`, then the query. */
const EXPLAIN_PREFIX = /^\s*EXPLAIN\s+PLAN\b([\s\S]*?)\bFOR\b\s*/i;
const EXPLAIN_OPTIONS =
  /^\s*(?:(?:INCLUDING|EXCLUDING)\s+(?:ALL\s+)?ATTRIBUTES|WITH\s+IMPLEMENTATION|WITHOUT\s+IMPLEMENTATION|WITH\s+TYPE|AS\s+(?:XML|JSON|TEXT)|\s)*$/i;

export type ExplainSplit =
  | { readonly kind: 'not-explain' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'explain'; readonly query: string };

/** Splits `EXPLAIN PLAN … FOR <query>` into its query; any other EXPLAIN form is a parse error. */
export function splitExplain(sql: string): ExplainSplit {
  if (!/^\s*EXPLAIN\b/i.test(sql.replace(/^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')))
    return { kind: 'not-explain' };
  const stripped = sql.replace(/^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '');
  const match = EXPLAIN_PREFIX.exec(stripped);
  if (match === null || !EXPLAIN_OPTIONS.test(match[1] ?? '')) return { kind: 'invalid' };
  const query = stripped.slice(match[0].length);
  return query.trim() === '' ? { kind: 'invalid' } : { kind: 'explain', query };
}

/** A plan text in Dremio's form (`MM-OO`, indented, `name=[value]` attributes) over the datasets read. */
export function explainPlanText(state: WorldState, datasets: readonly string[]): string {
  const lines = ['00-00    Screen', '00-01      Project'];
  let id = 2;
  const scans = datasets.length === 0 ? ['Values'] : datasets;
  for (const path of scans) {
    const table = state.tables.get(path) ?? state.views.get(path);
    const columns = table?.columns.map((c) => `\`${c.name}\``).join(', ') ?? '';
    const label = `00-${String(id++).padStart(2, '0')}`;
    lines.push(
      path === 'Values'
        ? `${label}        Values(tuples=[[{ 0 }]])`
        : `${label}        TableScan(table=[${canonicalPath(pathParts(path))}], columns=[${columns}])`,
    );
  }
  return lines.join('\n');
}

/** The one-row answer of an EXPLAIN: `text` holds the plan; `json` is null (text form only). */
export function explainResult(text: string): SubmitResultSet {
  return {
    columns: [
      { name: 'text', type: 'VARCHAR' },
      { name: 'json', type: 'VARCHAR' },
    ],
    rowCount: 1,
    rows: (offset, limit) => (offset === 0 && limit > 0 ? [{ text, json: null }] : []),
  };
}
