/**
 * SQL reading for Dremio's Calcite dialect: lexer, normalisation and fingerprints, redaction, and
 * structural facts (sqlparser-ts AST with a token fallback), and finishing a job record with them.
 * Pure: nothing here logs or does I/O.
 */

export { extractSqlFacts } from './facts.js';
export type { SqlFingerprint } from './fingerprint.js';
export { fingerprint, fingerprintSql } from './fingerprint.js';
export { isKeyword, SQL_KEYWORDS } from './keywords.js';
export type { Token, TokenKind } from './lexer.js';
export { tokenize } from './lexer.js';
export { normalize } from './normalize.js';
export { REDACTED_NUMBER, REDACTED_STRING, redact } from './redact.js';
export { initSqlParser, isSqlParserReady } from './sql-parser.js';
export { canonicalPath } from './table-path.js';
export { stripTimeTravel } from './time-travel.js';
