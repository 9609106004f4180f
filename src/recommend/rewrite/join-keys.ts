import type { Finding } from '../../domain/finding.js';
import type { SqlColumnRef, SqlFacts, SqlJoin } from '../../domain/sql-facts.js';
import type { BuildContext } from '../draft.js';

/** The SQL facts of the finding's fingerprint, when the SQL is known and parsed. */
export function factsOf(finding: Finding, context: BuildContext): SqlFacts | undefined {
  if (finding.subject.kind !== 'fingerprint') return undefined;
  return context.snapshot.fingerprints.get(finding.subject.fingerprint)?.facts;
}

function refText(ref: SqlColumnRef): string {
  return ref.qualifier === null ? ref.name : `${ref.qualifier}.${ref.name}`;
}

/** `c.customer_id = o.customer_id`, as written in the query, for each equi pair of the join. */
export function joinKeyText(join: SqlJoin): string | null {
  if (join.pairs.length === 0) return null;
  return join.pairs.map((p) => `${refText(p.left)} = ${refText(p.right)}`).join(' AND ');
}

/** The query's joins with their keys, in order; explicit joins first as the planner sees them. */
export function describeJoins(
  facts: SqlFacts | undefined,
): readonly { join: SqlJoin; keys: string | null }[] {
  return (facts?.joins ?? []).map((join) => ({ join, keys: joinKeyText(join) }));
}

export function sampleSqlOf(finding: Finding): string | null {
  return finding.subject.kind === 'fingerprint' ? finding.subject.sampleSql : null;
}
