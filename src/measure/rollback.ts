import type { Change } from '../domain/change.js';
import { quoteIdentifier } from '../recommend/sql-identifier.js';

const CREATE_REFLECTION =
  /^\s*(ALTER\s+(?:TABLE|DATASET|VIEW|PDS|VDS)\s+[\s\S]+?)\s+CREATE\s+(?:AGGREGATE|RAW|EXTERNAL)\s+REFLECTION\b/i;
const ADD_PARTITION = /^\s*(ALTER\s+TABLE\s+[\s\S]+?)\s+ADD\s+PARTITION\s+FIELD\s+([\s\S]+?)\s*;?\s*$/i;

/**
 * The statement that undoes a change, when the change's own statement says how: a created
 * reflection is dropped, an added partition field removed. Changes whose undoing needs more than the
 * statement (a dropped reflection's definition, a table rewrite) get none; the measurement says so.
 */
export function rollbackStatement(change: Pick<Change, 'kind' | 'subject' | 'statement'>): string | null {
  const statement = change.statement ?? '';
  if (change.kind === 'reflection-created') {
    const head = CREATE_REFLECTION.exec(statement)?.[1];
    const name = change.subject.slice(change.subject.lastIndexOf('::') + 2);
    return head === undefined || name === '' ? null : `${head} DROP REFLECTION ${quoteIdentifier(name)}`;
  }
  if (change.kind === 'partition-spec-changed') {
    const match = ADD_PARTITION.exec(statement);
    return match === null ? null : `${match[1]} DROP PARTITION FIELD ${match[2]}`;
  }
  return null;
}
