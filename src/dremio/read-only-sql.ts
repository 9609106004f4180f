const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const READ_ONLY_START = /^(?:SELECT|WITH|VALUES|SHOW|DESCRIBE|DESC|EXPLAIN)\b/i;

/**
 * True when the statement only reads (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN). Sending such a
 * statement twice costs a duplicate job but changes nothing, so its submit may be resent after an
 * ambiguous failure; DDL, DML, OPTIMIZE and reflection changes never are.
 */
export function isReadOnlySql(sql: string): boolean {
  return READ_ONLY_START.test(sql.replace(LEADING_NOISE, ''));
}
