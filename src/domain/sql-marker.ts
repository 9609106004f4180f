/**
 * Every statement the product sends starts with this comment, so its own jobs are recognised in
 * job history and left out of analysis (pganalyze's `QueryMarkerSQL`).
 */
export const SQL_MARKER = '/* dremio-optimizer */';

export function markSql(sql: string): string {
  return sql.trimStart().startsWith(SQL_MARKER) ? sql : `${SQL_MARKER} ${sql}`;
}

/** True for SQL text (as history shows it) that we sent ourselves. */
export function isOwnSql(sql: string): boolean {
  return sql.includes(SQL_MARKER);
}
